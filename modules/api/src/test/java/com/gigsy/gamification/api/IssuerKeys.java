package com.gigsy.gamification.api;

import com.gigsy.gamification.api.credentials.IssuerKeyFile;
import com.gigsy.gamification.testing.TestStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Issuer keys of the tests: PEM files under the test stack's directory, as an operator would give one. */
final class IssuerKeys {

  private IssuerKeys() {
  }

  /** A new RSA issuer key file. */
  static Path newKeyFile() {
    Path file = TestStack.get().directory().resolve("issuer-key-" + UUID.randomUUID() + ".pem");
    try {
      Files.writeString(file, IssuerKeyFile.generatePem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
