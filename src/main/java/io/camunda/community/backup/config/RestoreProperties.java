package io.camunda.community.backup.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a cluster is restored. {@code camunda-version} and {@code partition-count} describe what the
 * target runs now: the restore pre-flight refuses a backup taken with another version or partition
 * count (contract 4.1).
 */
public record RestoreProperties(
    @NotNull @DefaultValue("MANUAL") RestoreMode mode,
    String camundaVersion,
    @Min(1) Integer partitionCount,
    /* Brokers (node IDs 0..n-1): the Zeebe restore runs once on each. */
    @Min(1) @DefaultValue("3") int brokerCount,
    /* The brokers' replication factor: with the node ID it decides which partitions a broker restores. */
    @Min(1) @DefaultValue("3") int replicationFactor,
    /* A second approval by a different user before anything is deleted. */
    @DefaultValue("false") boolean fourEyes,
    @NotNull @DefaultValue("PT1H") Duration approvalTimeout,
    /* How long components may take to stop or to come back. */
    @NotNull @DefaultValue("PT10M") Duration componentsTimeout,
    @NotNull @Valid @DefaultValue KubernetesProperties kubernetes,
    /* Who may approve: candidate groups and users of the approval tasks. */
    @NotNull @Valid @DefaultValue ApproversProperties approvers) {

  public static RestoreProperties defaults() {
    return new RestoreProperties(RestoreMode.MANUAL, null, null, 3, 3, false, Duration.ofHours(1), Duration.ofMinutes(10),
        new KubernetesProperties("camunda", "camunda-zeebe", List.of("camunda-optimize", "camunda-connectors"),
            null, null, "/usr/local/camunda/data"), ApproversProperties.anyone());
  }

  /**
   * The image the Kubernetes restore Jobs run: {@code kubernetes.restore-image}, or else the
   * official image of {@code camunda-version} (the restore application must be the version the
   * target runs); null when neither is set.
   */
  public String restoreImage() {
    if (kubernetes.restoreImage() != null && !kubernetes.restoreImage().isBlank()) {
      return kubernetes.restoreImage();
    }
    return camundaVersion == null ? null : "camunda/camunda:" + camundaVersion;
  }

  /** Names as the Camunda 8.8 Helm chart (13.x) creates them for a release called {@code camunda}. */
  public record KubernetesProperties(
      @NotBlank @DefaultValue("camunda") String namespace,
      /* The Orchestration Cluster StatefulSet (Zeebe, Operate, Tasklist in one application). */
      @NotBlank @DefaultValue("camunda-zeebe") String statefulSet,
      /* Deployments stopped during the restore besides the StatefulSet. */
      @DefaultValue({"camunda-optimize", "camunda-connectors"}) List<String> deployments,
      /* Image of the restore Jobs; unset: camunda/camunda:<restore.camunda-version>. */
      String restoreImage,
      /* Secret with the backup-store settings (CAMUNDA_DATA_BACKUP_*) for the restore Jobs. */
      String backupStoreSecret,
      @NotBlank @DefaultValue("/usr/local/camunda/data") String dataPath) {

    public KubernetesProperties withRestoreImage(String image) {
      return new KubernetesProperties(namespace, statefulSet, deployments, image, backupStoreSecret, dataPath);
    }
  }
}
