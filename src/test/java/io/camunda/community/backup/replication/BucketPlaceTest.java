package io.camunda.community.backup.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.testsupport.S3MockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bucket place over real HTTP (S3Mock): "not there" is said only of a bucket that answered. */
class BucketPlaceTest {

  @TempDir Path directory;

  private static BucketPlace place(String bucket, String prefix) {
    S3MockServer s3 = S3MockServer.shared();
    return new BucketPlace(s3.bucket(bucket), prefix);
  }

  @Test
  void anObjectOfABucketThatDoesNotExistIsUnknownNotMissing() {
    BucketPlace gone = place("no-such-bucket", "zeebe");

    assertThatThrownBy(() -> gone.size("1/5/x")).isInstanceOf(SecondLocationUnavailableException.class)
        .hasMessageContaining("NoSuchBucket").hasMessageContaining("create it, or correct second-location.s3.bucket");
    assertThatThrownBy(() -> gone.children("")).isInstanceOf(SecondLocationUnavailableException.class)
        .hasMessageContaining("NoSuchBucket");
    assertThatThrownBy(() -> gone.read("index.latest")).isInstanceOf(SecondLocationUnavailableException.class)
        .hasMessageContaining("NoSuchBucket");
  }

  @Test
  void keysListDeleteAndCopyBackUnderThePrefixOnly() throws Exception {
    S3MockServer.shared().createBucket("bucket-place-test");
    BucketPlace place = place("bucket-place-test", "p" + ProcessHandle.current().pid() + "/zeebe");
    Path source = Files.writeString(directory.resolve("source"), "partition data");
    place.write("1/5/data", source);
    place.write("1/50/data", source);
    place.write("2/5/data", "other".getBytes(StandardCharsets.UTF_8));

    assertThat(place.size("1/5/missing")).isEmpty();
    assertThat(place.children("")).containsExactly("1", "2");
    assertThat(place.children("1")).containsExactly("5", "50");
    assertThat(place.files("1/")).containsExactly("1/5/data", "1/50/data");

    Path back = directory.resolve("back/data");
    assertThat(place.copyTo("1/5/data", back)).isEqualTo(place.sha256("1/5/data"));
    assertThat(Files.readString(back)).isEqualTo("partition data");

    assertThat(place.deleteAll("1/5")).isEqualTo(1);
    assertThat(place.files("1/")).containsExactly("1/50/data");
    assertThat(place.delete("2/5/data")).isTrue();
    assertThat(place.delete("2/5/data")).isFalse();
  }
}
