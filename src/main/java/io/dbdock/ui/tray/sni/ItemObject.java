package io.dbdock.ui.tray.sni;

import io.dbdock.ui.tray.TrayImages;
import io.dbdock.ui.tray.TrayMenuModel;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/**
 * dbdock's StatusNotifierItem at {@link #PATH}: its id and title, the icon for the current look
 * (the same drawings as the AWT tray's, in the sizes hosts ask for), the tooltip and where the
 * menu is. A click on the icon opens the window; the host shows the menu on a right click.
 */
final class ItemObject extends ReadOnlyProperties implements ItemInterface {
    static final String PATH = "/StatusNotifierItem";
    private static final String INTERFACE = "org.kde.StatusNotifierItem";
    private static final int[] SIZES = {16, 22, 24, 32, 48, 64};

    private final Map<TrayMenuModel.Look, List<Pixmap>> icons = new EnumMap<>(TrayMenuModel.Look.class);
    private final Runnable activate;
    private volatile TrayMenuModel.Look look = TrayMenuModel.Look.IDLE;
    private volatile String tooltip = "dbdock";

    ItemObject(Runnable activate) {
        super(INTERFACE, PATH);
        this.activate = activate;
        BufferedImage app = TrayImages.appIcon();
        for (TrayMenuModel.Look l : TrayMenuModel.Look.values()) {
            icons.put(l, java.util.Arrays.stream(SIZES).mapToObj(size -> Pixmap.of(TrayImages.forLook(l, size, app))).toList());
        }
    }

    /** Sets what the icon shows; returns what changed: [icon, tooltip, status]. */
    boolean[] show(TrayMenuModel.Look newLook, String newTooltip) {
        boolean iconChanged = newLook != look;
        boolean statusChanged = (newLook == TrayMenuModel.Look.ATTENTION) != (look == TrayMenuModel.Look.ATTENTION);
        boolean tipChanged = !newTooltip.equals(tooltip);
        look = newLook;
        tooltip = newTooltip;
        return new boolean[] {iconChanged, tipChanged, statusChanged};
    }

    String status() {
        return look == TrayMenuModel.Look.ATTENTION ? "NeedsAttention" : "Active";
    }

    TrayMenuModel.Look look() {
        return look;
    }

    @Override
    public void activate(int x, int y) {
        activate.run();
    }

    @Override
    public void secondaryActivate(int x, int y) {
        activate.run();
    }

    @Override
    public void contextMenu(int x, int y) {
        // The host draws the menu from the Menu property.
    }

    @Override
    public void scroll(int delta, String orientation) {
        // nothing to scroll
    }

    @Override
    Map<String, Variant<?>> properties() {
        List<Pixmap> icon = icons.get(look);
        Map<String, Variant<?>> p = new LinkedHashMap<>();
        p.put("Category", new Variant<>("ApplicationStatus"));
        p.put("Id", new Variant<>("dbdock"));
        p.put("Title", new Variant<>("dbdock"));
        p.put("Status", new Variant<>(status()));
        p.put("WindowId", new Variant<>(0));
        p.put("IconName", new Variant<>(""));
        p.put("IconPixmap", new Variant<>(icon, Pixmap.LIST));
        p.put("OverlayIconName", new Variant<>(""));
        p.put("OverlayIconPixmap", new Variant<>(List.of(), Pixmap.LIST));
        p.put("AttentionIconName", new Variant<>(""));
        p.put("AttentionIconPixmap", new Variant<>(icons.get(TrayMenuModel.Look.ATTENTION), Pixmap.LIST));
        p.put("AttentionMovieName", new Variant<>(""));
        p.put("ToolTip", new Variant<>(new ToolTip("", List.of(), "dbdock", tooltip.replaceFirst("^dbdock: ", "")), ToolTip.SIGNATURE));
        p.put("ItemIsMenu", new Variant<>(false));
        p.put("Menu", new Variant<>(new DBusPath(MenuObject.PATH)));
        return p;
    }

}
