package io.camunda.community.backup.replication;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where one part of a set is kept in the second location: a directory (a mounted volume) or a key
 * prefix in an S3-compatible bucket. Files are named by keys relative to the place, with {@code /}.
 * Every method fails with {@link SecondLocationUnavailableException} when the place cannot be read
 * or written; "not there" is only ever said of a place that answered.
 */
public interface SecondPlace {

  /** The file's full name for messages ({@code /mnt/dr/zeebe/1/5/x}, {@code s3://bucket/zeebe/1/5/x}). */
  String describe(String key);

  /** The file's size; empty when it is not there. */
  OptionalLong size(String key);

  /** The SHA-256 (hex) of the file, read whole. */
  String sha256(String key);

  /** The content of a small file; empty when it is not there. */
  java.util.Optional<byte[]> read(String key);

  /**
   * Writes {@code source} as the file, visible whole or not at all (a temporary name moved into
   * place, or one PUT). Returns the SHA-256 of what was read from {@code source}.
   */
  String write(String key, Path source);

  /** Writes a small file, whole or not at all. */
  void write(String key, byte[] content);

  /** Copies the file to {@code target} (whole or not at all); returns the SHA-256 of what was read. */
  String copyTo(String key, Path target);

  /** Deletes the file; false when it was not there. */
  boolean delete(String key);

  /**
   * Deletes every file below {@code prefix} (a "directory": {@code 1/5/} holds {@code 1/5/x}, never
   * {@code 1/50/x}), and on a file system the directories too. Returns how many files went.
   */
  int deleteAll(String prefix);

  /** The names of the "directories" just below {@code prefix} ({@code ""}: the place itself), sorted. */
  List<String> children(String prefix);

  /** Every file below {@code prefix}, as keys relative to the place, sorted. */
  List<String> files(String prefix);

  /** Fails unless the place can be read (a volume mounted, a bucket that answers). */
  void requireReachable(String what);

  /** The place below this one ({@code sub} relative, with {@code /}). */
  SecondPlace resolve(String sub);
}
