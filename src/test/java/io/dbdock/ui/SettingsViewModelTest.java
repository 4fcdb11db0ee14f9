package io.dbdock.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.store.TestRecords;
import io.dbdock.ui.details.SettingsViewModel;
import io.dbdock.ui.main.InstanceItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SettingsViewModelTest {
    private final SettingsViewModel vm = new SettingsViewModel(null, null);

    @BeforeEach
    void select() {
        vm.instanceProperty().set(new InstanceItem(new InstanceSnapshot(TestRecords.record("shop", 6380), InstanceState.READY, "", -1)));
    }

    @Test
    void showsTheInstancesSettingsUnchanged() {
        assertEquals("shop", vm.nameProperty().get());
        assertEquals("6380", vm.portProperty().get());
        assertFalse(vm.otherMachinesProperty().get());
        assertFalse(vm.changedProperty().get());
        assertFalse(vm.canApplyProperty().get());
    }

    @Test
    void aNewNameIsAppliedWithoutRecreatingButANewPortOrNetworkSaysItRecreates() {
        vm.nameProperty().set("shop-2");
        assertTrue(vm.canApplyProperty().get());
        assertFalse(vm.needsRecreateProperty().get());
        vm.portProperty().set("6390");
        assertTrue(vm.needsRecreateProperty().get());
        vm.portProperty().set("6380");
        vm.otherMachinesProperty().set(true);
        assertTrue(vm.needsRecreateProperty().get());
    }

    @Test
    void badInputBlocksApplyAndRevertRestores() {
        vm.portProperty().set("x");
        assertEquals("The port must be a number from 1024 to 65535.", vm.portErrorProperty().get());
        assertFalse(vm.canApplyProperty().get());
        vm.nameProperty().set(" bad");
        assertFalse(vm.nameErrorProperty().get().isEmpty());
        vm.revert();
        assertEquals("6380", vm.portProperty().get());
        assertEquals("shop", vm.nameProperty().get());
        assertFalse(vm.changedProperty().get());
    }
}
