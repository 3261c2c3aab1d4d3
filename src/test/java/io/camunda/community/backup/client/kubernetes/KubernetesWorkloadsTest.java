package io.camunda.community.backup.client.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.config.RestoreProperties.KubernetesProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KubernetesWorkloads} against the fabric8 mock API server in CRUD mode. The mock has no
 * controllers: where a real cluster's controllers would update {@code status}, the test does.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesWorkloadsTest {

  static final String NS = "camunda";
  static final String ZEEBE = "camunda-zeebe";
  static final String OPTIMIZE = "camunda-optimize";
  static final String CONNECTORS = "camunda-connectors";
  static final long BACKUP_ID = 1748937221L;

  // Static: one mock API server for the class (fast); setUp() empties the namespace between tests.
  static KubernetesMockServer server;
  static KubernetesClient client;

  KubernetesProperties properties = new KubernetesProperties(NS, ZEEBE, List.of(OPTIMIZE, CONNECTORS),
      "camunda/camunda:8.8.0", "camunda-backup-store", "/usr/local/camunda/data");
  KubernetesWorkloads workloads;

  @BeforeEach
  void setUp() {
    client.apps().statefulSets().inNamespace(NS).delete();
    client.apps().deployments().inNamespace(NS).delete();
    client.batch().v1().jobs().inNamespace(NS).delete();
    client.pods().inNamespace(NS).delete();
    workloads = new KubernetesWorkloads(client, properties);
  }

  // ------------------------------------------------------------------ fixtures

  void createStatefulSet(int replicas) {
    client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder()
        .withNewMetadata().withName(ZEEBE).withNamespace(NS).endMetadata()
        .withNewSpec()
          .withReplicas(replicas)
          .withServiceName(ZEEBE)
          .withNewSelector().addToMatchLabels("app.kubernetes.io/component", "orchestration").endSelector()
          .withNewTemplate()
            .withNewMetadata().addToLabels("app.kubernetes.io/component", "orchestration").endMetadata()
            .withNewSpec()
              .withServiceAccountName("camunda-zeebe")
              .addNewImagePullSecret("registry-camunda")
              .withNewSecurityContext().withFsGroup(1001L).withRunAsNonRoot(true).endSecurityContext()
              .addNewContainer()
                .withName("orchestration").withImage("camunda/camunda:8.8.0")
                .withNewSecurityContext().withRunAsUser(1001L).withAllowPrivilegeEscalation(false).endSecurityContext()
              .endContainer()
            .endSpec()
          .endTemplate()
        .endSpec()
        .build()).create();
    setStatefulSetStatus(replicas, replicas);
  }

  void createDeployment(String name, int replicas) {
    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewSpec()
          .withReplicas(replicas)
          .withNewSelector().addToMatchLabels("app.kubernetes.io/name", name).endSelector()
          .withNewTemplate()
            .withNewMetadata().addToLabels("app.kubernetes.io/name", name).endMetadata()
            .withNewSpec().addNewContainer().withName(name).withImage("camunda/" + name + ":8.8.0").endContainer().endSpec()
          .endTemplate()
        .endSpec()
        .build()).create();
    setDeploymentStatus(name, replicas, replicas);
  }

  void createAll() {
    createStatefulSet(3);
    createDeployment(OPTIMIZE, 1);
    createDeployment(CONNECTORS, 2);
  }

  /** What the StatefulSet controller would report. */
  void setStatefulSetStatus(int current, int ready) {
    StatefulSet sts = statefulSet();
    sts.setStatus(new StatefulSetStatusBuilder().withReplicas(current).withReadyReplicas(ready).build());
    client.apps().statefulSets().inNamespace(NS).resource(sts).updateStatus();
  }

  /** What the Deployment controller would report. */
  void setDeploymentStatus(String name, int current, int ready) {
    Deployment deployment = deployment(name);
    deployment.setStatus(new DeploymentStatusBuilder().withReplicas(current).withReadyReplicas(ready).build());
    client.apps().deployments().inNamespace(NS).resource(deployment).updateStatus();
  }

  void setAllStatuses(int zeebe, int optimize, int connectors) {
    setStatefulSetStatus(zeebe, zeebe);
    setDeploymentStatus(OPTIMIZE, optimize, optimize);
    setDeploymentStatus(CONNECTORS, connectors, connectors);
  }

  StatefulSet statefulSet() {
    return client.apps().statefulSets().inNamespace(NS).withName(ZEEBE).get();
  }

  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  Job job(String name) {
    return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
  }

  static Map<String, String> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  // ------------------------------------------------------------------ replicas and scaling

  @Test
  void desiredReplicasReadsSpecReplicasOfTheStatefulSetAndEachDeployment() {
    createAll();

    assertThat(workloads.desiredReplicas()).containsExactly(
        entry("statefulset/camunda-zeebe", 3),
        entry("deployment/camunda-optimize", 1),
        entry("deployment/camunda-connectors", 2));
  }

  @Test
  void scaleDownSetsEverySpecToZeroAndAllDownFollowsTheStatus() {
    createAll();
    Map<String, Integer> recorded = workloads.desiredReplicas();

    workloads.scaleDown();

    assertThat(statefulSet().getSpec().getReplicas()).isZero();
    assertThat(deployment(OPTIMIZE).getSpec().getReplicas()).isZero();
    assertThat(deployment(CONNECTORS).getSpec().getReplicas()).isZero();
    // Pods still there until the controllers report otherwise.
    assertThat(workloads.allDown()).isFalse();

    setStatefulSetStatus(0, 0);
    assertThat(workloads.allDown()).as("Optimize and Connectors still report pods").isFalse();
    setDeploymentStatus(OPTIMIZE, 0, 0);
    setDeploymentStatus(CONNECTORS, 1, 0);
    assertThat(workloads.allDown()).as("a terminating Connectors pod still counts").isFalse();
    setDeploymentStatus(CONNECTORS, 0, 0);
    assertThat(workloads.allDown()).isTrue();

    // Idempotent, and a repeated desiredReplicas() after the scale-down still knows the counts.
    workloads.scaleDown();
    assertThat(statefulSet().getSpec().getReplicas()).isZero();
    assertThat(workloads.desiredReplicas()).isEqualTo(recorded);
  }

  @Test
  void allDownWaitsForBrokerPodsThatAreStillTerminating() {
    createAll();
    workloads.scaleDown();
    setAllStatuses(0, 0, 0);
    client.pods().inNamespace(NS).resource(new PodBuilder()
        .withNewMetadata().withName(ZEEBE + "-0").withNamespace(NS).addToLabels("app.kubernetes.io/component", "orchestration").endMetadata()
        .withNewSpec().addNewContainer().withName("orchestration").withImage("camunda/camunda:8.8.0").endContainer().endSpec()
        .build()).create();

    assertThat(workloads.allDown()).isFalse();

    client.pods().inNamespace(NS).withName(ZEEBE + "-0").delete();
    assertThat(workloads.allDown()).isTrue();
  }

  @Test
  void scaleUpRestoresTheRecordedCountsAndAllReadyFollowsTheStatus() {
    createAll();
    Map<String, Integer> recorded = workloads.desiredReplicas();
    workloads.scaleDown();
    setAllStatuses(0, 0, 0);
    assertThat(workloads.allReady(recorded)).isFalse();

    workloads.scaleUp(recorded);

    assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment(OPTIMIZE).getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment(CONNECTORS).getSpec().getReplicas()).isEqualTo(2);
    assertThat(statefulSet().getMetadata().getAnnotations())
        .doesNotContainKey(KubernetesWorkloads.REPLICAS_BEFORE_SCALE_DOWN_ANNOTATION);
    assertThat(workloads.allReady(recorded)).isFalse();

    setStatefulSetStatus(3, 2);
    setDeploymentStatus(OPTIMIZE, 1, 1);
    setDeploymentStatus(CONNECTORS, 2, 2);
    assertThat(workloads.allReady(recorded)).as("one broker not ready yet").isFalse();
    setStatefulSetStatus(3, 3);
    assertThat(workloads.allReady(recorded)).isTrue();

    workloads.scaleUp(recorded); // idempotent
    assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(3);
    assertThat(workloads.desiredReplicas()).isEqualTo(recorded);
  }

  @Test
  void aMissingOptimizeDeploymentIsSkipped() {
    createStatefulSet(3);
    createDeployment(CONNECTORS, 1);

    Map<String, Integer> recorded = workloads.desiredReplicas();
    assertThat(recorded).containsOnlyKeys("statefulset/camunda-zeebe", "deployment/camunda-connectors");

    workloads.scaleDown();
    assertThat(deployment(OPTIMIZE)).isNull();
    setStatefulSetStatus(0, 0);
    setDeploymentStatus(CONNECTORS, 0, 0);
    assertThat(workloads.allDown()).isTrue();

    workloads.scaleUp(recorded);
    setStatefulSetStatus(3, 3);
    setDeploymentStatus(CONNECTORS, 1, 1);
    assertThat(workloads.allReady(recorded)).isTrue();
  }

  @Test
  void aMissingStatefulSetIsAClearError() {
    createDeployment(OPTIMIZE, 1);

    assertThatThrownBy(workloads::desiredReplicas)
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("StatefulSet 'camunda-zeebe' not found in namespace 'camunda'")
        .hasMessageContaining("stateful-set");
    assertThatThrownBy(workloads::scaleDown).isInstanceOf(TargetUnavailableException.class);
    assertThatThrownBy(workloads::allDown).isInstanceOf(TargetUnavailableException.class);
    assertThatThrownBy(() -> workloads.startRestoreJob(BACKUP_ID, 0, 3, 3))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("camunda-zeebe");
    assertThat(deployment(OPTIMIZE).getSpec().getReplicas()).as("nothing scaled").isEqualTo(1);
  }

  @Test
  void aWorkloadThatVanishedBeforeScaleUpIsAClearError() {
    createAll();
    Map<String, Integer> recorded = workloads.desiredReplicas();
    client.apps().deployments().inNamespace(NS).withName(OPTIMIZE).delete();

    assertThatThrownBy(() -> workloads.scaleUp(recorded))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("Deployment 'camunda-optimize' not found in namespace 'camunda'");
    assertThatThrownBy(() -> workloads.scaleUp(Map.of("daemonset/x", 1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void apiFaultsBecomeTargetUnavailableWithNamespaceObjectAndRbacHint() {
    server.expect().get().withPath("/apis/apps/v1/namespaces/camunda/statefulsets/camunda-zeebe")
        .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
            + "\"message\":\"statefulsets.apps \\\"camunda-zeebe\\\" is forbidden: User \\\"system:serviceaccount:ops:orchestrator\\\" cannot get resource \\\"statefulsets\\\"\"}")
        .once();

    assertThatThrownBy(workloads::desiredReplicas)
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("StatefulSet 'camunda-zeebe' in namespace 'camunda'")
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("is forbidden")
        .hasMessageContaining("statefulsets/scale")
        .hasMessageContaining("create/get/delete on jobs");
  }

  // ------------------------------------------------------------------ restore Jobs

  @Test
  void restoreJobsOnePerBrokerWithTheExactSpec() {
    createAll();

    for (int node = 0; node < 3; node++) {
      workloads.startRestoreJob(BACKUP_ID, node, 3, 3);
    }

    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder("camunda-zeebe-restore-1748937221-0", "camunda-zeebe-restore-1748937221-1", "camunda-zeebe-restore-1748937221-2");

    Job job = job("camunda-zeebe-restore-1748937221-2");
    assertThat(job.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "app.kubernetes.io/managed-by", "camunda-backup-orchestrator",
        "camunda-backup-orchestrator/backup-id", "1748937221",
        "camunda-backup-orchestrator/node-id", "2"));
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("camunda-backup-orchestrator/node-id", "2");

    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getContainers()).hasSize(1);
    Container container = pod.getContainers().get(0);
    assertThat(container.getName()).isEqualTo("restore");
    assertThat(container.getImage()).isEqualTo("camunda/camunda:8.8.0");
    assertThat(container.getCommand()).containsExactly("sh", "-c",
        "find '/usr/local/camunda/data' -mindepth 1 -maxdepth 1 ! -name lost+found -exec rm -rf {} + && exec /usr/local/camunda/bin/restore --backupId=1748937221");
    assertThat(env(container)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "ZEEBE_BROKER_CLUSTER_NODEID", "2",
        "ZEEBE_BROKER_CLUSTER_CLUSTERSIZE", "3",
        "ZEEBE_BROKER_CLUSTER_PARTITIONSCOUNT", "3",
        "ZEEBE_BROKER_DATA_DIRECTORY", "/usr/local/camunda/data",
        "SPRING_PROFILES_ACTIVE", "restore",
        "ZEEBE_RESTORE", "true",
        "ZEEBE_RESTORE_FROM_BACKUP_ID", "1748937221"));
    assertThat(container.getEnvFrom()).singleElement()
        .satisfies(from -> assertThat(from.getSecretRef().getName()).isEqualTo("camunda-backup-store"));
    assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
      assertThat(mount.getName()).isEqualTo("data");
      assertThat(mount.getMountPath()).isEqualTo("/usr/local/camunda/data");
    });
    Volume data = pod.getVolumes().stream().filter(v -> v.getName().equals("data")).findFirst().orElseThrow();
    assertThat(data.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-camunda-zeebe-2");

    // Runs like the broker: same identity, pull secret, file ownership.
    assertThat(pod.getServiceAccountName()).isEqualTo("camunda-zeebe");
    assertThat(pod.getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("registry-camunda");
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(1001L);
    assertThat(container.getSecurityContext().getRunAsUser()).isEqualTo(1001L);

    // Every broker its own node id and its own volume (pitfall 12).
    for (int node = 0; node < 3; node++) {
      Job each = job("camunda-zeebe-restore-1748937221-" + node);
      String claim = "data-camunda-zeebe-" + node;
      assertThat(env(each.getSpec().getTemplate().getSpec().getContainers().get(0))).containsEntry("ZEEBE_BROKER_CLUSTER_NODEID", Integer.toString(node));
      assertThat(each.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v ->
          assertThat(v.getPersistentVolumeClaim() == null ? null : v.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim));
    }
  }

  /**
   * A point-in-time restore (contract 3.2): {@code --to} instead of {@code --backupId}, and the
   * broker container's own environment, which holds its RDBMS settings: the restore application
   * reads the exporter positions from the database.
   */
  @Test
  void aPointInTimeRestoreJobRunsRestoreToWithTheBrokersDatabaseSettings() {
    createAll();
    var sts = client.apps().statefulSets().inNamespace(NS).withName(ZEEBE).get();
    var broker = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    broker.setEnv(List.of(new io.fabric8.kubernetes.api.model.EnvVar("CAMUNDA_DATA_SECONDARYSTORAGE_TYPE", "rdbms", null),
        new io.fabric8.kubernetes.api.model.EnvVar("ZEEBE_BROKER_CLUSTER_NODEID", "from-the-pod-name", null)));
    broker.setEnvFrom(List.of(new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder().withNewSecretRef()
        .withName("camunda-rdbms").endSecretRef().build()));
    client.apps().statefulSets().inNamespace(NS).resource(sts).update();

    workloads.startRestoreJob(42, 1, 3, 3, null, java.time.Instant.parse("2026-12-07T10:15:00Z"));

    Container container = job("camunda-zeebe-restore-42-1").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getCommand().get(2)).endsWith("exec /usr/local/camunda/bin/restore --to=2026-12-07T10:15:00Z");
    assertThat(env(container)).containsEntry("ZEEBE_RESTORE_TO_TIMESTAMP", "2026-12-07T10:15:00Z")
        .containsEntry("CAMUNDA_DATA_SECONDARYSTORAGE_TYPE", "rdbms")
        .containsEntry("ZEEBE_BROKER_CLUSTER_NODEID", "1")
        .doesNotContainKey("ZEEBE_RESTORE_FROM_BACKUP_ID");
    assertThat(container.getEnvFrom()).extracting(from -> from.getSecretRef().getName())
        .containsExactly("camunda-rdbms", "camunda-backup-store");
  }

  @Test
  void replicationFactorAndNoSecretVariants() {
    createStatefulSet(3);
    KubernetesWorkloads noSecret = new KubernetesWorkloads(client,
        new KubernetesProperties(NS, ZEEBE, List.of(), "camunda/camunda:8.8.1", null, "/data/it's"));

    noSecret.startRestoreJob(7, 1, 3, 6, 3);

    Container container = job("camunda-zeebe-restore-7-1").getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnvFrom()).isEmpty();
    assertThat(env(container)).containsEntry("ZEEBE_BROKER_CLUSTER_REPLICATIONFACTOR", "3")
        .containsEntry("ZEEBE_BROKER_CLUSTER_PARTITIONSCOUNT", "6");
    assertThat(container.getCommand().get(2)).startsWith("find '/data/it'\"'\"'s' -mindepth 1");
    assertThatThrownBy(() -> noSecret.startRestoreJob(7, 3, 3, 6)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void startingARestoreJobTwiceIsHarmless() {
    createAll();
    workloads.startRestoreJob(BACKUP_ID, 0, 3, 3);
    Job first = job("camunda-zeebe-restore-1748937221-0");

    workloads.startRestoreJob(BACKUP_ID, 0, 3, 3);

    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).hasSize(1);
    assertThat(job("camunda-zeebe-restore-1748937221-0").getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
  }

  @Test
  void restoreJobStateFollowsTheJobStatus() {
    createAll();
    assertThat(workloads.restoreJobState(BACKUP_ID, 0)).isEqualTo(RestoreJobState.MISSING);

    workloads.startRestoreJob(BACKUP_ID, 0, 3, 3);
    workloads.startRestoreJob(BACKUP_ID, 1, 3, 3);
    workloads.startRestoreJob(BACKUP_ID, 2, 3, 3);
    assertThat(workloads.restoreJobState(BACKUP_ID, 0)).isEqualTo(RestoreJobState.PENDING);

    setJobStatus("camunda-zeebe-restore-1748937221-0", new JobStatusBuilder().withActive(1).build());
    assertThat(workloads.restoreJobState(BACKUP_ID, 0)).isEqualTo(RestoreJobState.RUNNING);

    setJobStatus("camunda-zeebe-restore-1748937221-0", new JobStatusBuilder().withSucceeded(1).build());
    assertThat(workloads.restoreJobState(BACKUP_ID, 0)).isEqualTo(RestoreJobState.SUCCEEDED);

    setJobStatus("camunda-zeebe-restore-1748937221-1", new JobStatusBuilder().withFailed(1).build());
    assertThat(workloads.restoreJobState(BACKUP_ID, 1)).isEqualTo(RestoreJobState.FAILED);

    setJobStatus("camunda-zeebe-restore-1748937221-2", new JobStatusBuilder()
        .withConditions(new JobConditionBuilder().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded").build()).build());
    assertThat(workloads.restoreJobState(BACKUP_ID, 2)).isEqualTo(RestoreJobState.FAILED);
    setJobStatus("camunda-zeebe-restore-1748937221-2", new JobStatusBuilder()
        .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
    assertThat(workloads.restoreJobState(BACKUP_ID, 2)).isEqualTo(RestoreJobState.SUCCEEDED);

    // A failed restore is re-run by deleting its Job first.
    workloads.deleteRestoreJob(BACKUP_ID, 1);
    assertThat(workloads.restoreJobState(BACKUP_ID, 1)).isEqualTo(RestoreJobState.MISSING);
    workloads.deleteRestoreJob(BACKUP_ID, 1); // idempotent
  }

  @Test
  void restoreJobLogIsEmptyWithoutAPod() {
    createAll();
    workloads.startRestoreJob(BACKUP_ID, 0, 3, 3);

    assertThat(workloads.restoreJobLog(BACKUP_ID, 0, 50)).isEmpty();
  }

  void setJobStatus(String name, io.fabric8.kubernetes.api.model.batch.v1.JobStatus status) {
    Job job = job(name);
    job.setStatus(status);
    client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
  }
}
