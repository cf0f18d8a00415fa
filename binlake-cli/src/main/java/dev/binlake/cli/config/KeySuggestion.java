package dev.binlake.cli.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known key a misspelt one probably meant: "did you mean source.port?". */
final class KeySuggestion {
  private KeySuggestion() {}

  /**
   * The closest known key, in this order: a sibling that differs only in case, {@code -} or {@code
   * _} ({@code serverId} for {@code server-id}); the sibling with the smallest edit distance if it
   * is small for the name's length; a key with the same name in another section ({@code
   * storage.codec} for {@code files.codec}). Ties go to the first in {@code known}.
   */
  static Optional<String> closest(String unknown, Collection<String> known) {
    String parent = parent(unknown);
    String name = normalize(name(unknown));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      if (parent(candidate).equals(parent)) {
        int distance = distance(name, normalize(name(candidate)));
        if (distance < bestDistance) {
          best = candidate;
          bestDistance = distance;
        }
      }
    }
    if (best != null && bestDistance <= Math.max(2, name.length() / 3)) {
      return Optional.of(best);
    }
    return known.stream().filter(candidate -> normalize(name(candidate)).equals(name)).findFirst();
  }

  private static String parent(String key) {
    int dot = key.lastIndexOf('.');
    return dot < 0 ? "" : key.substring(0, dot);
  }

  private static String name(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  private static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
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
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
