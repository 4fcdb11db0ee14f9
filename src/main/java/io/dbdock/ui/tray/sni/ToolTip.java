package io.dbdock.ui.tray.sni;

import java.util.List;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** StatusNotifierItem's tooltip: an icon name, icon pixmaps, a title and a description. */
public final class ToolTip extends Struct {
    static final String SIGNATURE = "(sa(iiay)ss)";

    @Position(0)
    public final String iconName;
    @Position(1)
    public final List<Pixmap> icons;
    @Position(2)
    public final String title;
    @Position(3)
    public final String description;

    public ToolTip(String iconName, List<Pixmap> icons, String title, String description) {
        this.iconName = iconName;
        this.icons = icons;
        this.title = title;
        this.description = description;
    }
}
