package com.gigsy.gamification.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/** Small files the embedded services keep in their state directories: ports, ids, pids and secrets. */
public final class StateFiles {

  private static final SecureRandom RANDOM = new SecureRandom();

  private StateFiles() {
  }

  /** Writes {@code text} so that a reader never sees a half-written file. */
  public static void writeAtomically(Path file, String text) throws IOException {
    writeAtomically(file, text, false);
  }

  private static void writeAtomically(Path file, String text, boolean ownerOnly) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    if (ownerOnly && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(temp, text + "\n", StandardCharsets.UTF_8);
    try {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The trimmed content of {@code file}, or empty when it does not exist or is blank. */
  public static Optional<String> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /**
   * The secret kept in {@code file}, created on first use: {@code bytes} random bytes, base64url without
   * padding (so it is safe in URLs and SQL literals). The file is readable by its owner only.
   */
  public static String secret(Path file, int bytes) throws IOException {
    return secret(file, () -> {
      byte[] random = new byte[bytes];
      RANDOM.nextBytes(random);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    });
  }

  /**
   * The secret kept in {@code file} (trimmed), made by {@code create} on first use and written readable by its owner
   * only, e.g. a private key.
   */
  public static String secret(Path file, Supplier<String> create) throws IOException {
    Optional<String> existing = read(file);
    if (existing.isPresent()) {
      return existing.get();
    }
    String secret = create.get().trim();
    writeAtomically(file, secret, true);
    return secret;
  }
}
