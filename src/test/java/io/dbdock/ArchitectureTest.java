package io.dbdock;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering rules of docs/architecture.md, checked on the compiled classes (not on the source text). */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dbdock");

    @Test
    void theBackendNeverUsesJavaFxOrAwt() {
        noClasses().that().resideOutsideOfPackage("io.dbdock.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..")
                .because("the window and the tray are the only front ends that draw; the core serves the CLI too")
                .check(MAIN);
    }

    @Test
    void onlyTheDockerPackageUsesDockerJava() {
        noClasses().that().resideOutsideOfPackage("io.dbdock.docker..")
                .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..")
                .because("DockerGateway speaks dbdock's own types; docker-java stays behind it")
                .check(MAIN);
    }

    @Test
    void onlyTheSshPackageUsesTheSshLibrary() {
        noClasses().that().resideOutsideOfPackage("io.dbdock.ssh..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.sshd..")
                .because("SshLink offers a remote engine's API as a local socket and its ports as tunnels; the SSH library stays behind it")
                .check(MAIN);
    }

    @Test
    void onlyTheDesktopTrayPackageSpeaksDBus() {
        noClasses().that().resideOutsideOfPackage("io.dbdock.ui.tray.sni..")
                .should().dependOnClassesThat().resideInAnyPackage("org.freedesktop.dbus..")
                .because("the StatusNotifierItem tray and the desktop's notifications are the only D-Bus clients; "
                        + "everything else sees the Tray interface")
                .check(MAIN);
    }

    @Test
    void theFrontEndsUseTheCoreAndTheModelOnlyNeverDockerTheStoreOrStorage() {
        noClasses().that().resideInAnyPackage("io.dbdock.ui..", "io.dbdock.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.dbdock.docker..", "io.dbdock.store..", "io.dbdock.storage..")
                .because("the window, the tray and the CLI go through the application core (io.dbdock.app, io.dbdock.instance) "
                        + "and see its records (io.dbdock.model); Docker, the stored list and the data folders are the core's")
                .check(MAIN);
    }

    @Test
    void onlyTheSettingsServiceWritesTheSettingsFile() {
        noClasses().that().doNotHaveFullyQualifiedName("io.dbdock.app.SettingsService")
                .should().callMethod(io.dbdock.common.DataRoot.class, "settingsFile")
                .because("settings have one owner; every other class reads them through it")
                .check(MAIN);
    }

    @Test
    void thePackagesHaveNoCycles() {
        slices().matching("io.dbdock.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
