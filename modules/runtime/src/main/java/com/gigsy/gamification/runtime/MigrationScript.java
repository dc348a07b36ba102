package com.gigsy.gamification.runtime;

import com.gigsy.gamification.core.SqlResources;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned migration file, {@code db/migration/V<n>__<name>.sql}. Files are listed in
 * {@value #INDEX} because resources cannot be listed reliably inside a jar.
 *
 * @param checksum SHA-256 of the text with line endings normalised, so a checkout's line endings do not count
 */
public record MigrationScript(int version, String fileName, String sql, String checksum) {

  static final String DIRECTORY = "db/migration/";
  static final String INDEX = DIRECTORY + "index.txt";
  private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

  /** The migrations named in the index, in version order. Blocking (reads resources). */
  public static List<MigrationScript> loadAll() {
    List<MigrationScript> scripts = new ArrayList<>();
    for (String line : SqlResources.load(INDEX).lines().toList()) {
      String fileName = line.trim();
      if (fileName.isEmpty() || fileName.startsWith("#")) {
        continue;
      }
      Matcher matcher = FILE_NAME.matcher(fileName);
      if (!matcher.matches()) {
        throw new IllegalStateException(INDEX + " lists '" + fileName + "', which is not named V<n>__<name>.sql");
      }
      int version = Integer.parseInt(matcher.group(1));
      if (!scripts.isEmpty() && scripts.get(scripts.size() - 1).version() >= version) {
        throw new IllegalStateException(INDEX + " must list versions in increasing order without repeats; "
          + fileName + " comes after " + scripts.get(scripts.size() - 1).fileName());
      }
      String sql = SqlResources.load(DIRECTORY + fileName);
      scripts.add(new MigrationScript(version, fileName, sql, checksum(sql)));
    }
    return List.copyOf(scripts);
  }

  static String checksum(String sql) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
