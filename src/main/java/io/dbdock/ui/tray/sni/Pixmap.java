package io.dbdock.ui.tray.sni;

import java.awt.image.BufferedImage;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** An icon as StatusNotifierItem sends it: width, height and ARGB32 pixels in network byte order. */
public final class Pixmap extends Struct {
    /** The D-Bus signature of a list of them. */
    static final String LIST = "a(iiay)";

    @Position(0)
    public final int width;
    @Position(1)
    public final int height;
    @Position(2)
    public final byte[] pixels;

    public Pixmap(int width, int height, byte[] pixels) {
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    static Pixmap of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 4];
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                out[i++] = (byte) (argb >>> 24);
                out[i++] = (byte) (argb >>> 16);
                out[i++] = (byte) (argb >>> 8);
                out[i++] = (byte) argb;
            }
        }
        return new Pixmap(w, h, out);
    }
}
