package io.dbdock.ui.tray;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** The tray icon for each look: the app icon, dimmed when nothing runs, with a green or red dot. */
public final class TrayImages {
    private TrayImages() {
    }

    public static BufferedImage forLook(TrayMenuModel.Look look, int size, BufferedImage base) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            if (look == TrayMenuModel.Look.IDLE) {
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.6f));
            }
            g.drawImage(base, 0, 0, size, size, null);
            g.setComposite(AlphaComposite.SrcOver);
            if (look != TrayMenuModel.Look.IDLE) {
                int dot = Math.max(6, size * 9 / 20);
                int x = size - dot;
                int y = size - dot;
                g.setColor(look == TrayMenuModel.Look.RUNNING ? new Color(0x2da44e) : new Color(0xcf222e));
                g.fillOval(x, y, dot - 1, dot - 1);
                g.setColor(Color.WHITE);
                g.setStroke(new BasicStroke(Math.max(1f, size / 16f)));
                g.drawOval(x, y, dot - 1, dot - 1);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The app icon, read once for all looks. */
    public static BufferedImage appIcon() {
        try (InputStream in = TrayImages.class.getResourceAsStream("/io/dbdock/ui/dbdock-64.png")) {
            if (in == null) {
                throw new IllegalStateException("the app icon is missing from the jar");
            }
            return ImageIO.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
