package io.camunda.community.backup.replication;

import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.client.s3.S3Bucket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A second place under a key prefix of an S3-compatible bucket ({@code second-location.s3}). A PUT
 * is visible whole or not at all, so no temporary names are needed; "directories" are the common
 * prefixes of a delimited listing.
 */
public record BucketPlace(S3Bucket bucket, String prefix) implements SecondPlace {

  public BucketPlace {
    prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  @Override
  public String describe(String key) {
    return bucket.describe(prefix + key);
  }

  /**
   * S3 answers a HEAD of an object in a bucket that does not exist with the same bodiless 404 as
   * one of an object that does not: a 404 is "not there" only once the bucket has answered.
   */
  @Override
  public OptionalLong size(String key) {
    OptionalLong size = call(() -> bucket.size(prefix + key));
    if (size.isEmpty()) {
      requireReachable("The second place");
    }
    return size;
  }

  @Override
  public String sha256(String key) {
    MessageDigest digest = FileDigests.newSha256();
    boolean there = call(() -> bucket.read(prefix + key, new DigestOutputStream(OutputStream.nullOutputStream(), digest)));
    if (!there) {
      throw new SecondLocationUnavailableException(describe(key) + " disappeared while it was being read; try again");
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public Optional<byte[]> read(String key) {
    return call(() -> bucket.readBytes(prefix + key));
  }

  @Override
  public String write(String key, Path source) {
    String read;
    try {
      read = FileDigests.sha256(source);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new SecondLocationUnavailableException(source + " disappeared while it was being copied to " + describe(key)
          + " (a snapshot deleted meanwhile?); the copy is tried again", e);
    } catch (IOException e) {
      throw new SecondLocationUnavailableException("Cannot read " + source + ": " + e.getMessage(), e);
    }
    // S3 checks the body against the SHA-256 the request was signed with, read from the file again
    // as it is sent: a file that changed in between is refused, never stored half old, half new.
    call(() -> {
      bucket.write(prefix + key, source);
      return null;
    });
    return read;
  }

  @Override
  public void write(String key, byte[] content) {
    call(() -> {
      bucket.write(prefix + key, content);
      return null;
    });
  }

  @Override
  public String copyTo(String key, Path target) {
    Path partial = target.resolveSibling("." + target.getFileName() + ".copying");
    MessageDigest digest = FileDigests.newSha256();
    try {
      Files.createDirectories(target.getParent());
      boolean there;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
        there = call(() -> bucket.read(prefix + key, out));
      }
      if (!there) {
        throw new SecondLocationUnavailableException(describe(key) + " is not there (any more): try again");
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new SecondLocationUnavailableException("Copying " + describe(key) + " to " + target + " failed: " + e.getMessage()
          + ". Check that the primary place is mounted and writable", e);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // left for the next attempt, which overwrites it
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public boolean delete(String key) {
    return call(() -> {
      boolean there = bucket.size(prefix + key).isPresent();
      if (there) {
        bucket.delete(prefix + key);
      }
      return there;
    });
  }

  @Override
  public int deleteAll(String sub) {
    String below = sub.isEmpty() || sub.endsWith("/") ? sub : sub + "/";
    List<String> keys = files(below);
    keys.forEach(key -> call(() -> {
      bucket.delete(prefix + key);
      return null;
    }));
    return keys.size();
  }

  @Override
  public List<String> children(String sub) {
    String below = prefix + (sub.isEmpty() || sub.endsWith("/") ? sub : sub + "/");
    return call(() -> bucket.list(below, "/").commonPrefixes().stream()
        .map(common -> common.substring(below.length(), common.length() - 1)).sorted().toList());
  }

  @Override
  public List<String> files(String sub) {
    String below = prefix + sub;
    return call(() -> bucket.list(below, null).objects().stream().map(S3Bucket.ObjectEntry::key)
        .map(key -> key.substring(prefix.length())).sorted().toList());
  }

  @Override
  public void requireReachable(String what) {
    try {
      bucket.requireReachable(prefix);
    } catch (TargetUnavailableException e) {
      throw new SecondLocationUnavailableException(what + " " + describe("") + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public SecondPlace resolve(String sub) {
    return new BucketPlace(bucket, prefix + sub);
  }

  private static <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (SecondLocationUnavailableException e) {
      throw e;
    } catch (TargetUnavailableException e) {
      throw new SecondLocationUnavailableException(e.getMessage(), e);
    }
  }
}
