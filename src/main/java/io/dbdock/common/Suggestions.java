package io.dbdock.common;

import java.util.Locale;

/** "Did you mean ...?" for whatever a user typed by name: engines, versions, instances, commands, contexts. */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * " Did you mean X?" when one candidate is close to what was typed (a letter or two off, or the
     * start of it), else "". For engines, versions and instance names alike.
     */
    public static String didYouMean(String typed, java.util.Collection<String> candidates) {
        if (typed == null || typed.isBlank()) {
            return "";
        }
        String t = typed.trim().toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            String lc = c.toLowerCase(Locale.ROOT);
            int d = lc.startsWith(t) && t.length() >= 2 ? 1 : distance(t, lc);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = t.length() <= 3 ? 1 : 2;
        return best != null && bestDistance <= allowed && !best.equalsIgnoreCase(t) ? " Did you mean " + best + "?" : "";
    }

    /** Edits (insert, delete, replace, swap two neighbours) from one word to the other. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
