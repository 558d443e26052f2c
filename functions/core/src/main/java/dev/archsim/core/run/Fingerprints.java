package dev.archsim.core.run;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * SHA-256 digests of sequences of parts, each part preceded by its length, so that no two distinct
 * sequences share an encoding: ("a", "b\nc") and ("a\nb", "c") digest differently.
 */
public final class Fingerprints {
  private Fingerprints() {}

  /** {@code sha256:} and the hex digest of the length-prefixed parts. */
  public static String sha256(byte[]... parts) {
    return "sha256:" + HexFormat.of().formatHex(digest(parts));
  }

  /** The same of UTF-8 strings (null is an absent part, distinct from the empty string). */
  public static String sha256(String... parts) {
    return sha256(utf8(parts));
  }

  /**
   * A name-based UUID (RFC 9562 version 8) from the first 128 bits of the SHA-256 digest of the
   * length-prefixed parts.
   */
  public static UUID uuid(String... parts) {
    ByteBuffer b = ByteBuffer.wrap(digest(utf8(parts)));
    long hi = b.getLong();
    long lo = b.getLong();
    hi = (hi & ~0xF000L) | 0x8000L; // version 8
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // variant 10
    return new UUID(hi, lo);
  }

  private static byte[][] utf8(String... parts) {
    byte[][] bytes = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      bytes[i] = parts[i] == null ? null : parts[i].getBytes(StandardCharsets.UTF_8);
    }
    return bytes;
  }

  private static byte[] digest(byte[]... parts) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    for (byte[] p : parts) {
      // -1 marks an absent part; otherwise the length, then the bytes
      sha.update(ByteBuffer.allocate(Long.BYTES).putLong(p == null ? -1 : p.length).array());
      if (p != null) {
        sha.update(p);
      }
    }
    return sha.digest();
  }
}
