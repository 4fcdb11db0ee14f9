package io.dbdock.ui.main;

import atlantafx.base.theme.Styles;
import io.dbdock.instance.InstanceAction;
import io.dbdock.instance.InstanceState;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.TreeTableCell;
import io.dbdock.ui.common.LazyTooltip;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The buttons on an instance's row, where the eye is: start or stop (one button that shows what a
 * click does) and copy the connection URI. What each state offers is {@link InstanceState#allows}.
 */
final class RowActionsCell extends TreeTableCell<InstanceRow, InstanceState> {
    private final FontIcon toggleIcon = new FontIcon(Material2MZ.PLAY_ARROW);
    private final Button toggle = new Button("", toggleIcon);
    private final Button copy = new Button("", new FontIcon(Material2AL.CONTENT_COPY));
    private final StringProperty toggleTip = new SimpleStringProperty("Start");
    private final HBox box = new HBox(2, toggle, copy);

    RowActionsCell(Consumer<InstanceItem> toggleAction, Consumer<InstanceItem> copyAction) {
        for (Button b : new Button[] {toggle, copy}) {
            b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
            b.setFocusTraversable(false); // the keyboard has the toolbar and shortcuts; Tab should not walk every row
        }
        LazyTooltip.install(toggle, toggleTip);
        LazyTooltip.install(copy, new ReadOnlyStringWrapper("Copy connection URI"));
        toggle.setOnAction(e -> withItem(toggleAction));
        copy.setOnAction(e -> withItem(copyAction));
        box.setAlignment(javafx.geometry.Pos.CENTER);
    }

    private void withItem(Consumer<InstanceItem> action) {
        if (getTableRow() != null && getTableRow().getItem() instanceof InstanceItem item) {
            action.accept(item);
        }
    }

    /** What the row's start/stop button says for a state: its tooltip, or null when it does nothing then. */
    static String toggleLabel(InstanceState state) {
        return MainViewModel.toggleAction(state).map(a -> a == InstanceAction.STOP ? "Stop"
                : state == InstanceState.MISSING ? "Recreate" : "Start").orElse(null);
    }

    @Override
    protected void updateItem(InstanceState state, boolean empty) {
        super.updateItem(state, empty);
        InstanceRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
        if (state == null || !(row instanceof InstanceItem item)) {
            setGraphic(null);
            return;
        }
        String label = toggleLabel(state);
        boolean stops = "Stop".equals(label);
        var icon = stops ? Material2MZ.STOP : Material2MZ.PLAY_ARROW;
        if (toggleIcon.getIconCode() != icon) {
            toggleIcon.setIconCode(icon);
        }
        toggle.setDisable(label == null);
        toggleTip.set(label == null ? state.label() : label + " " + item.nameProperty().get());
        copy.setDisable(!state.allows(InstanceAction.COPY_URI));
        String name = item.nameProperty().get();
        if (!("row-toggle-" + name).equals(toggle.getId())) {
            toggle.setId("row-toggle-" + name);
            copy.setId("row-copy-" + name);
        }
        if (getGraphic() != box) {
            setGraphic(box);
        }
    }
}
