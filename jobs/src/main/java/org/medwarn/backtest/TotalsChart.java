package org.medwarn.backtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.medwarn.avro.Category;
import org.medwarn.avro.Level;
import org.medwarn.policy.Policy;

/**
 * A PNG of the distribution of annual totals (person-years per bin; both axes log scale) with each
 * policy's thresholds as dashed vertical lines. Plain Java2D and ImageIO, run headless: no charting
 * dependency (and no licence question) for one histogram.
 */
final class TotalsChart {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 50;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    /** 元, log10: the x axis spans 100 元 to 10,000,000 元. */
    private static final double MIN_EXP = 2;

    private static final double MAX_EXP = 7;
    private static final int BINS_PER_DECADE = 10;
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)
    };

    private TotalsChart() {}

    /** One policy's annual totals (cents) and its thresholds. */
    record Series(String name, long[] totalCents, Policy policy) {}

    static void write(Path png, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int bins = (int) ((MAX_EXP - MIN_EXP) * BINS_PER_DECADE);
        long[][] counts = new long[series.size()][bins];
        long max = 1;
        for (int s = 0; s < series.size(); s++) {
            for (long cents : series.get(s).totalCents()) {
                int bin = bin(cents / 100.0, bins);
                counts[s][bin]++;
                max = Math.max(max, counts[s][bin]);
            }
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double yMax = Math.log10(max + 1);
        axes(g, yMax);
        for (int s = 0; s < series.size(); s++) {
            Color color = COLORS[s % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2f - 0.6f * s));
            int prevY = y(0, yMax);
            for (int b = 0; b < bins; b++) {
                int x0 = x(MIN_EXP + (double) b / BINS_PER_DECADE);
                int x1 = x(MIN_EXP + (double) (b + 1) / BINS_PER_DECADE);
                int yy = y(Math.log10(counts[s][b] + 1), yMax);
                g.drawLine(x0, prevY, x0, yy);
                g.drawLine(x0, yy, x1, yy);
                prevY = yy;
            }
            thresholds(g, series.get(s), s, color);
            g.setColor(color);
            g.fillRect(LEFT + 15, TOP + 10 + 18 * s, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(
                    series.get(s).name() + " (" + series.get(s).totalCents().length + ")",
                    LEFT + 35,
                    TOP + 20 + 18 * s);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Annual self-pay per person-year, by policy (log-log)", LEFT, 30);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void thresholds(Graphics2D g, Series s, int index, Color color) {
        float[] dash = {6f, 4f};
        g.setStroke(
                new BasicStroke(
                        1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, dash, index * 5f));
        int label = 0;
        for (Category c : Category.values()) {
            for (Map.Entry<Level, Long> e : s.policy().thresholds(c).asMap().entrySet()) {
                double yuan = e.getValue() / 100.0;
                int x = x(Math.log10(yuan));
                g.setColor(color);
                g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
                g.drawString(
                        c.name().charAt(0) + ":" + e.getKey() + " " + (long) yuan,
                        x + 3,
                        TOP + 14 + 13 * (label++ % 6) + 80 * index);
            }
        }
    }

    private static void axes(Graphics2D g, double yMax) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        for (int e = (int) MIN_EXP; e <= MAX_EXP; e++) {
            int x = x(e);
            g.drawLine(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5);
            g.drawString(
                    String.format("%,d", (long) Math.pow(10, e)), x - 20, HEIGHT - BOTTOM + 20);
        }
        g.drawString(
                "annual self-pay, 元 (log scale; the first bin holds everything below 100)",
                LEFT + 200,
                HEIGHT - 25);
        for (long count = 0; Math.log10(count + 1) <= Math.ceil(yMax); ) {
            int yy = y(Math.log10(count + 1), yMax);
            g.drawLine(LEFT - 5, yy, LEFT, yy);
            g.drawString(String.format("%,d", count), 30, yy + 4);
            count = count == 0 ? 1 : count * 10;
        }
        g.rotate(-Math.PI / 2);
        g.drawString("person-years (log scale)", -(HEIGHT / 2) - 60, 20);
        g.rotate(Math.PI / 2);
    }

    private static int bin(double yuan, int bins) {
        if (yuan < Math.pow(10, MIN_EXP)) {
            return 0;
        }
        int b = (int) ((Math.log10(yuan) - MIN_EXP) * BINS_PER_DECADE);
        return Math.min(b, bins - 1);
    }

    private static int x(double exp) {
        return LEFT + (int) ((exp - MIN_EXP) / (MAX_EXP - MIN_EXP) * (WIDTH - LEFT - RIGHT));
    }

    private static int y(double logCount, double yMax) {
        double top = Math.max(1, Math.ceil(yMax));
        return HEIGHT - BOTTOM - (int) (logCount / top * (HEIGHT - TOP - BOTTOM));
    }
}
