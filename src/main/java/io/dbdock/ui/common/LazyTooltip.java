package io.dbdock.ui.common;

import javafx.beans.value.ObservableValue;
import javafx.event.EventHandler;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

/**
 * A tooltip made when the pointer first comes over its control. Each Tooltip is a popup window of
 * its own, and the list has two per row: made up front they cost the first frame about a tenth of a
 * second (measured with dbdock --smoke-test), for tips most rows never show.
 */
public final class LazyTooltip {
    private LazyTooltip() {
    }

    /** The control gets a tooltip showing {@code text} (and following it) once the pointer enters it. */
    public static void install(Control control, ObservableValue<String> text) {
        EventHandler<MouseEvent> first = new EventHandler<>() {
            @Override
            public void handle(MouseEvent e) {
                control.removeEventHandler(MouseEvent.MOUSE_ENTERED, this);
                Tooltip tip = new Tooltip();
                tip.textProperty().bind(text);
                control.setTooltip(tip); // its own handlers see the mouse moves that follow
            }
        };
        control.addEventHandler(MouseEvent.MOUSE_ENTERED, first);
    }
}
