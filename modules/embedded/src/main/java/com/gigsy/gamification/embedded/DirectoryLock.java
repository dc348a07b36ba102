package com.gigsy.gamification.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive, OS-level lock on a state directory, held while an embedded service owns it. The OS
 * releases it when the holder dies, even by SIGKILL: so whoever holds it knows that any process still
 * running on the directory is a leftover of a dead owner, safe to stop.
 */
public final class DirectoryLock implements AutoCloseable {

  private static final String LOCK_FILE = "owner.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or fails naming the directory when another process (or this one) holds it. */
  public static DirectoryLock acquire(Path directory, String what) throws IOException {
    return tryAcquire(directory).orElseThrow(() -> new IllegalStateException(
      what + " in " + directory.toAbsolutePath() + " is in use by another process; stop that one first"));
  }

  /** Takes the lock if nobody holds it. */
  public static Optional<DirectoryLock> tryAcquire(Path directory) throws IOException {
    Files.createDirectories(directory);
    FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE),
      StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return Optional.of(new DirectoryLock(channel, lock));
      }
    } catch (OverlappingFileLockException e) {
      // held by this JVM
    }
    channel.close();
    return Optional.empty();
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
