package io.camunda.community.backup.client.kubernetes;

import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.config.RestoreProperties.KubernetesProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Operations on the workloads of one target cluster deployed with the Camunda 8.8 Helm chart
 * (contract 4.3): the Orchestration Cluster StatefulSet {@code <release>-zeebe}, the Optimize and
 * Connectors Deployments, and one restore Job per broker. Knows the Kubernetes API and the Helm
 * chart's names, nothing of BPMN: the caller decides the order (record replicas, scale down, wait
 * until down, run the Jobs, wait for them, scale up, wait until ready). Every method is safe to
 * repeat. Every Kubernetes API fault comes back as a {@link TargetUnavailableException} naming the
 * namespace, the object and what to check.
 *
 * <p>Workloads are keyed {@code statefulset/<name>} and {@code deployment/<name>}.
 */
public class KubernetesWorkloads {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "camunda-backup-orchestrator";
  public static final String BACKUP_ID_LABEL = "camunda-backup-orchestrator/backup-id";
  public static final String NODE_ID_LABEL = "camunda-backup-orchestrator/node-id";
  /**
   * Written by {@link #scaleDown()} on each workload it scales down from a non-zero count, removed
   * by {@link #scaleUp(Map)}: if the caller lost the counts {@link #desiredReplicas()} returned
   * (a worker crashed between scaling down and completing its job), {@link #desiredReplicas()}
   * still answers the counts from before the restore instead of zeros.
   */
  public static final String REPLICAS_BEFORE_SCALE_DOWN_ANNOTATION = "camunda-backup-orchestrator/replicas-before-scale-down";
  /** The last line the restore application logs on success (contract 4.2 step 8). */
  public static final String RESTORE_SUCCESS_LOG_LINE = "Successfully restored broker from backup";
  /** Name of the Helm chart's volumeClaimTemplate: PVCs are {@code data-<statefulSet>-<ordinal>}. */
  public static final String DATA_VOLUME_CLAIM_TEMPLATE = "data";
  public static final String RESTORE_CONTAINER = "restore";
  public static final String RESTORE_BINARY = "/usr/local/camunda/bin/restore";

  private static final String STATEFULSET = "statefulset";
  private static final String DEPLOYMENT = "deployment";
  private static final String RBAC = "Check RBAC: the orchestrator's service account needs, in namespace '%s', "
      + "get on statefulsets and deployments, get/update/patch on statefulsets/scale and deployments/scale, "
      + "patch on statefulsets and deployments (the replicas annotation), list on pods, get on pods/log, "
      + "and create/get/delete on jobs (batch).";

  private final KubernetesClient client;
  private final KubernetesProperties properties;
  private final String namespace;

  public KubernetesWorkloads(KubernetesClient client, KubernetesProperties properties) {
    this.client = Objects.requireNonNull(client, "client");
    this.properties = Objects.requireNonNull(properties, "properties");
    this.namespace = properties.namespace();
  }

  public static String statefulSetKey(String name) {
    return STATEFULSET + "/" + name;
  }

  public static String deploymentKey(String name) {
    return DEPLOYMENT + "/" + name;
  }

  /** The StatefulSet's entry of {@code replicas} (as returned by {@link #desiredReplicas()}): Zeebe, started first. */
  public static Map<String, Integer> statefulSetOf(Map<String, Integer> replicas) {
    return ofKind(replicas, STATEFULSET);
  }

  /** The Deployments' entries of {@code replicas}, in their configured order: started once Zeebe is healthy. */
  public static Map<String, Integer> deploymentsOf(Map<String, Integer> replicas) {
    return ofKind(replicas, DEPLOYMENT);
  }

  private static Map<String, Integer> ofKind(Map<String, Integer> replicas, String kind) {
    Map<String, Integer> selected = new LinkedHashMap<>();
    replicas.forEach((key, count) -> {
      if (key.startsWith(kind + "/")) {
        selected.put(key, count);
      }
    });
    return selected;
  }

  // ---------------------------------------------------------------- scaling

  /**
   * {@code spec.replicas} of the StatefulSet and of each configured Deployment that exists
   * (Optimize or Connectors may not be deployed: a missing Deployment is left out). A workload
   * this class scaled down reports the count it had before (see {@link
   * #REPLICAS_BEFORE_SCALE_DOWN_ANNOTATION}), so a repeated call after a crash does not record
   * zeros.
   *
   * @throws TargetUnavailableException when the StatefulSet does not exist or the API fails
   */
  public Map<String, Integer> desiredReplicas() {
    Map<String, Integer> replicas = new LinkedHashMap<>();
    for (Workload workload : existingWorkloads()) {
      replicas.put(workload.key(), workload.recordedReplicas());
    }
    return replicas;
  }

  /**
   * Scales the StatefulSet and every existing configured Deployment to 0. Idempotent. Does not
   * wait: poll {@link #allDown()}.
   */
  public void scaleDown() {
    for (Workload workload : existingWorkloads()) {
      int current = workload.specReplicas();
      if (current > 0) {
        remember(workload, current);
        scale(workload, 0);
      }
    }
  }

  /**
   * True when the StatefulSet and every existing configured Deployment want 0 replicas, report 0
   * current and 0 ready replicas, and no pod matching their selector is left (a terminating
   * broker pod may still write to its data volume).
   */
  public boolean allDown() {
    for (Workload workload : existingWorkloads()) {
      if (workload.specReplicas() != 0 || workload.statusReplicas() != 0 || workload.readyReplicas() != 0) {
        return false;
      }
      if (!podsOf(workload).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Scales every workload of {@code replicas} (as returned by {@link #desiredReplicas()}) back to
   * its count. Idempotent. Does not wait: poll {@link #allReady(Map)}.
   *
   * @throws TargetUnavailableException when a recorded workload no longer exists or the API fails
   */
  public void scaleUp(Map<String, Integer> replicas) {
    for (Map.Entry<String, Integer> entry : replicas.entrySet()) {
      Workload workload = requireWorkload(entry.getKey(), "scale up");
      int desired = requireCount(entry);
      if (workload.specReplicas() != desired) {
        scale(workload, desired);
      }
      forget(workload);
    }
  }

  /**
   * True when every workload of {@code replicas} wants and reports that many ready replicas.
   *
   * @throws TargetUnavailableException when a recorded workload no longer exists or the API fails
   */
  public boolean allReady(Map<String, Integer> replicas) {
    for (Map.Entry<String, Integer> entry : replicas.entrySet()) {
      Workload workload = requireWorkload(entry.getKey(), "check readiness of");
      int desired = requireCount(entry);
      if (workload.specReplicas() != desired || workload.readyReplicas() != desired) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- restore Jobs

  /** {@code <statefulSet>-restore-<backupId>-<nodeId>}. */
  public String restoreJobName(long backupId, int nodeId) {
    return properties.statefulSet() + "-restore-" + backupId + "-" + nodeId;
  }

  /** {@code data-<statefulSet>-<nodeId>}: the broker's data volume as the Helm chart names it. */
  public String dataClaimName(int nodeId) {
    return DATA_VOLUME_CLAIM_TEMPLATE + "-" + properties.statefulSet() + "-" + nodeId;
  }

  /**
   * Creates the Job that restores broker {@code nodeId} from backup {@code backupId} into its own
   * data volume. Idempotent: an existing Job of that name (whatever its state) is left as it is.
   * The replication factor is not set: it comes from the backup-store Secret if that holds
   * {@code ZEEBE_BROKER_CLUSTER_REPLICATIONFACTOR}, else the image default; use {@link
   * #startRestoreJob(long, int, int, int, Integer)} to set it.
   *
   * @throws TargetUnavailableException when the StatefulSet is missing or the API fails
   */
  public void startRestoreJob(long backupId, int nodeId, int brokerCount, int partitionCount) {
    startRestoreJob(backupId, nodeId, brokerCount, partitionCount, null);
  }

  /**
   * As {@link #startRestoreJob(long, int, int, int)}, also setting {@code
   * ZEEBE_BROKER_CLUSTER_REPLICATIONFACTOR} when {@code replicationFactor} is not null. The
   * restore must use the broker's own cluster size and replication factor (contract 4.2 step 7):
   * they decide which partitions this node restores.
   */
  public void startRestoreJob(long backupId, int nodeId, int brokerCount, int partitionCount, Integer replicationFactor) {
    startRestoreJob(backupId, nodeId, brokerCount, partitionCount, replicationFactor, null);
  }

  /**
   * As {@link #startRestoreJob(long, int, int, int, Integer)}; with {@code to} set, a point-in-time
   * restore of a cluster with continuous backups (contract 3.2): {@code bin/restore --to=<to>}
   * instead of {@code --backupId}, with the broker container's own environment (its RDBMS
   * settings: the application reads each partition's exporter position from the database). The
   * Job is named after {@code backupId}, the ID of the database dump restored before it.
   */
  public void startRestoreJob(long backupId, int nodeId, int brokerCount, int partitionCount, Integer replicationFactor,
      java.time.Instant to) {
    if (backupId < 0) {
      throw new IllegalArgumentException("backupId must not be negative: " + backupId);
    }
    if (brokerCount < 1 || nodeId < 0 || nodeId >= brokerCount) {
      throw new IllegalArgumentException("nodeId must be in 0.." + (brokerCount - 1) + " for " + brokerCount + " brokers: " + nodeId);
    }
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be at least 1: " + partitionCount);
    }
    if (replicationFactor != null && (replicationFactor < 1 || replicationFactor > brokerCount)) {
      throw new IllegalArgumentException("replicationFactor must be in 1.." + brokerCount + ": " + replicationFactor);
    }
    if (properties.restoreImage() == null) {
      throw new IllegalStateException("No image for the restore Jobs: set restore.camunda-version (the image is then"
          + " camunda/camunda:<version>) or restore.kubernetes.restore-image");
    }
    String name = restoreJobName(backupId, nodeId);
    if (name.length() > 63) {
      // Kubernetes copies the Job name into the pods' job-name label, which is limited to 63 characters.
      throw new IllegalArgumentException("Restore Job name '" + name + "' is longer than 63 characters; use a shorter StatefulSet name or backup ID");
    }
    String object = "Job '" + name + "'";
    if (call("read", object, () -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get()) != null) {
      return;
    }
    StatefulSet statefulSet = requireStatefulSet("read the pod template of");
    Job job = restoreJob(name, statefulSet, backupId, nodeId, brokerCount, partitionCount, replicationFactor, to);
    try {
      client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw unavailable("create", object, e);
      }
      // Created meanwhile by a concurrent attempt: the same Job.
    }
  }

  /** The Job {@link #startRestoreJob} creates; built without talking to the API server. */
  Job restoreJob(String name, StatefulSet statefulSet, long backupId, int nodeId, int brokerCount, int partitionCount,
      Integer replicationFactor) {
    return restoreJob(name, statefulSet, backupId, nodeId, brokerCount, partitionCount, replicationFactor, null);
  }

  Job restoreJob(String name, StatefulSet statefulSet, long backupId, int nodeId, int brokerCount, int partitionCount,
      Integer replicationFactor, java.time.Instant to) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.put(BACKUP_ID_LABEL, Long.toString(backupId));
    labels.put(NODE_ID_LABEL, Integer.toString(nodeId));

    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("ZEEBE_BROKER_CLUSTER_NODEID", Integer.toString(nodeId), null));
    env.add(new EnvVar("ZEEBE_BROKER_CLUSTER_CLUSTERSIZE", Integer.toString(brokerCount), null));
    env.add(new EnvVar("ZEEBE_BROKER_CLUSTER_PARTITIONSCOUNT", Integer.toString(partitionCount), null));
    if (replicationFactor != null) {
      env.add(new EnvVar("ZEEBE_BROKER_CLUSTER_REPLICATIONFACTOR", Integer.toString(replicationFactor), null));
    }
    env.add(new EnvVar("ZEEBE_BROKER_DATA_DIRECTORY", properties.dataPath(), null));
    env.add(new EnvVar("SPRING_PROFILES_ACTIVE", "restore", null));
    env.add(new EnvVar("ZEEBE_RESTORE", "true", null));
    if (to == null) {
      env.add(new EnvVar("ZEEBE_RESTORE_FROM_BACKUP_ID", Long.toString(backupId), null));
    } else {
      env.add(new EnvVar("ZEEBE_RESTORE_TO_TIMESTAMP", to.toString(), null));
    }

    // Runs as the broker runs (same user, fsGroup, pull secrets, nodes, cloud identity for the backup store).
    PodSpec brokerPod = Optional.ofNullable(statefulSet.getSpec().getTemplate()).map(PodTemplateSpec::getSpec).orElseGet(PodSpec::new);
    Container brokerContainer = brokerContainer(brokerPod);

    List<EnvFromSource> envFrom = new ArrayList<>();
    if (to != null && brokerContainer != null) {
      // the broker's database settings (and the rest of its environment), overridden by the restore's own
      java.util.Set<String> own = new java.util.HashSet<>();
      env.forEach(variable -> own.add(variable.getName()));
      List<EnvVar> broker = Optional.ofNullable(brokerContainer.getEnv()).orElse(List.of()).stream()
          .filter(variable -> !own.contains(variable.getName())).toList();
      env.addAll(0, broker);
      Optional.ofNullable(brokerContainer.getEnvFrom()).ifPresent(envFrom::addAll);
    }
    if (properties.backupStoreSecret() != null && !properties.backupStoreSecret().isBlank()) {
      envFrom.add(new EnvFromSourceBuilder().withNewSecretRef().withName(properties.backupStoreSecret()).endSecretRef().build());
    }

    Container container = new ContainerBuilder()
        .withName(RESTORE_CONTAINER)
        .withImage(properties.restoreImage())
        .withCommand("sh", "-c", to == null ? restoreScript(backupId) : restoreScript("--to=" + to))
        .withEnv(env)
        .withEnvFrom(envFrom)
        .withSecurityContext(brokerContainer == null ? null : brokerContainer.getSecurityContext())
        .addNewVolumeMount().withName("data").withMountPath(properties.dataPath()).endVolumeMount()
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
        .build();

    return new JobBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(namespace)
          .withLabels(labels)
        .endMetadata()
        .withNewSpec()
          .withBackoffLimit(0)
          .withNewTemplate()
            .withNewMetadata().withLabels(labels).endMetadata()
            .withNewSpec()
              .withRestartPolicy("Never")
              .withContainers(container)
              .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(dataClaimName(nodeId)).endPersistentVolumeClaim().endVolume()
              .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
              .withSecurityContext(brokerPod.getSecurityContext())
              .withServiceAccountName(brokerPod.getServiceAccountName())
              .withImagePullSecrets(brokerPod.getImagePullSecrets())
              .withNodeSelector(brokerPod.getNodeSelector())
              .withTolerations(brokerPod.getTolerations())
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * Empties the data directory but {@code lost+found} (contract 4.2 step 6; the restore refuses a
   * non-empty directory, pitfall 14), then replaces the shell with the restore application.
   */
  String restoreScript(long backupId) {
    return restoreScript("--backupId=" + backupId);
  }

  private String restoreScript(String argument) {
    String dataPath = shellQuote(properties.dataPath());
    return "find " + dataPath + " -mindepth 1 -maxdepth 1 ! -name lost+found -exec rm -rf {} + && exec "
        + RESTORE_BINARY + " " + argument;
  }

  private static String shellQuote(String value) {
    return "'" + value.replace("'", "'\"'\"'") + "'";
  }

  private static Container brokerContainer(PodSpec pod) {
    List<Container> containers = pod.getContainers() == null ? List.of() : pod.getContainers();
    return containers.stream().filter(c -> "orchestration".equals(c.getName())).findFirst()
        .orElse(containers.isEmpty() ? null : containers.get(0));
  }

  /**
   * State of the restore Job from its status: conditions first ({@code Failed}/{@code
   * FailureTarget}, {@code Complete}/{@code SuccessCriteriaMet}), then the pod counters.
   */
  public RestoreJobState restoreJobState(long backupId, int nodeId) {
    String name = restoreJobName(backupId, nodeId);
    Job job = call("read", "Job '" + name + "'", () -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
    if (job == null) {
      return RestoreJobState.MISSING;
    }
    JobStatus status = job.getStatus();
    if (status == null) {
      return RestoreJobState.PENDING;
    }
    List<JobCondition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
    if (hasCondition(conditions, "Failed") || hasCondition(conditions, "FailureTarget")) {
      return RestoreJobState.FAILED;
    }
    if (hasCondition(conditions, "Complete") || hasCondition(conditions, "SuccessCriteriaMet")) {
      return RestoreJobState.SUCCEEDED;
    }
    if (count(status.getFailed()) >= 1) {
      return RestoreJobState.FAILED;
    }
    if (count(status.getSucceeded()) >= 1) {
      return RestoreJobState.SUCCEEDED;
    }
    if (count(status.getActive()) >= 1) {
      return RestoreJobState.RUNNING;
    }
    return RestoreJobState.PENDING;
  }

  private static boolean hasCondition(List<JobCondition> conditions, String type) {
    return conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equalsIgnoreCase(c.getStatus()));
  }

  /**
   * Deletes the restore Job and its pods, e.g. to run a failed restore again after fixing the
   * cause (a Job of the same name is otherwise left as it is). Idempotent.
   */
  public void deleteRestoreJob(long backupId, int nodeId) {
    String name = restoreJobName(backupId, nodeId);
    call("delete", "Job '" + name + "'", () -> client.batch().v1().jobs().inNamespace(namespace).withName(name)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
  }

  /**
   * For diagnostics only (incident texts): the last {@code tailLines} log lines of the newest pod
   * of the restore Job, empty when there is no pod or its log cannot be read yet. Nothing in this
   * class decides on logs; the outcome is {@link #restoreJobState}.
   */
  public Optional<String> restoreJobLog(long backupId, int nodeId, int tailLines) {
    String name = restoreJobName(backupId, nodeId);
    List<Pod> pods = call("list pods of", "Job '" + name + "'",
        () -> client.pods().inNamespace(namespace).withLabel("job-name", name).list().getItems());
    Optional<Pod> newest = pods.stream()
        .max(Comparator.comparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")));
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    String pod = newest.get().getMetadata().getName();
    try {
      return Optional.ofNullable(client.pods().inNamespace(namespace).withName(pod).inContainer(RESTORE_CONTAINER)
          .tailingLines(tailLines).getLog());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 400 || e.getCode() == 404) {
        return Optional.empty(); // container not started yet, or pod gone
      }
      throw unavailable("read the log of", "Pod '" + pod + "'", e);
    }
  }

  // ---------------------------------------------------------------- internals

  private record Workload(String kind, String name, HasMetadata object, Integer spec, Integer status, Integer ready, LabelSelector selector) {

    String key() {
      return kind + "/" + name;
    }

    String label() {
      return (STATEFULSET.equals(kind) ? "StatefulSet" : "Deployment") + " '" + name + "'";
    }

    int specReplicas() {
      return spec == null ? 1 : spec; // Kubernetes defaults spec.replicas to 1
    }

    int statusReplicas() {
      return count(status);
    }

    int readyReplicas() {
      return count(ready);
    }

    int recordedReplicas() {
      int current = specReplicas();
      String before = object.getMetadata().getAnnotations() == null ? null
          : object.getMetadata().getAnnotations().get(REPLICAS_BEFORE_SCALE_DOWN_ANNOTATION);
      if (current == 0 && before != null) {
        try {
          return Integer.parseInt(before.trim());
        } catch (NumberFormatException e) {
          return current;
        }
      }
      return current;
    }
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }

  private List<Workload> existingWorkloads() {
    List<Workload> workloads = new ArrayList<>();
    workloads.add(of(requireStatefulSet("read")));
    for (String deployment : deployments()) {
      Deployment found = call("read", "Deployment '" + deployment + "'", () -> deploymentResource(deployment).get());
      if (found != null) {
        workloads.add(of(found));
      }
    }
    return workloads;
  }

  private List<String> deployments() {
    return properties.deployments() == null ? List.of()
        : properties.deployments().stream().filter(d -> d != null && !d.isBlank()).toList();
  }

  private StatefulSet requireStatefulSet(String action) {
    String name = properties.statefulSet();
    StatefulSet found = call(action, "StatefulSet '" + name + "'", () -> statefulSetResource(name).get());
    if (found == null) {
      throw new TargetUnavailableException(
          "Kubernetes: StatefulSet '%s' not found in namespace '%s' (could not %s it). Check backup-orchestrator.clusters[].restore.kubernetes.namespace and .stateful-set: the Camunda 8.8 Helm chart names it <release>-zeebe."
              .formatted(name, namespace, action));
    }
    return found;
  }

  private Workload requireWorkload(String key, String action) {
    int slash = key == null ? -1 : key.indexOf('/');
    if (slash <= 0 || slash == key.length() - 1) {
      throw new IllegalArgumentException("Workload key must be statefulset/<name> or deployment/<name>: " + key);
    }
    String kind = key.substring(0, slash);
    String name = key.substring(slash + 1);
    HasMetadata found = switch (kind) {
      case STATEFULSET -> call(action, "StatefulSet '" + name + "'", () -> statefulSetResource(name).get());
      case DEPLOYMENT -> call(action, "Deployment '" + name + "'", () -> deploymentResource(name).get());
      default -> throw new IllegalArgumentException("Workload key must be statefulset/<name> or deployment/<name>: " + key);
    };
    if (found == null) {
      throw new TargetUnavailableException(
          "Kubernetes: %s '%s' not found in namespace '%s' (could not %s it), although it existed when the replica counts were recorded. Check whether it was uninstalled or renamed (helm list, kubectl get %ss -n %s)."
              .formatted(STATEFULSET.equals(kind) ? "StatefulSet" : "Deployment", name, namespace, action, kind, namespace));
    }
    return found instanceof StatefulSet s ? of(s) : of((Deployment) found);
  }

  private static int requireCount(Map.Entry<String, Integer> entry) {
    if (entry.getValue() == null || entry.getValue() < 0) {
      throw new IllegalArgumentException("Replica count of " + entry.getKey() + " must be 0 or more: " + entry.getValue());
    }
    return entry.getValue();
  }

  private static Workload of(StatefulSet s) {
    var spec = s.getSpec();
    var status = s.getStatus();
    return new Workload(STATEFULSET, s.getMetadata().getName(), s,
        spec == null ? null : spec.getReplicas(),
        status == null ? null : status.getReplicas(),
        status == null ? null : status.getReadyReplicas(),
        spec == null ? null : spec.getSelector());
  }

  private static Workload of(Deployment d) {
    var spec = d.getSpec();
    var status = d.getStatus();
    return new Workload(DEPLOYMENT, d.getMetadata().getName(), d,
        spec == null ? null : spec.getReplicas(),
        status == null ? null : status.getReplicas(),
        status == null ? null : status.getReadyReplicas(),
        spec == null ? null : spec.getSelector());
  }

  private RollableScalableResource<StatefulSet> statefulSetResource(String name) {
    return client.apps().statefulSets().inNamespace(namespace).withName(name);
  }

  private RollableScalableResource<Deployment> deploymentResource(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name);
  }

  private void scale(Workload workload, int replicas) {
    call("scale to " + replicas + " replicas", workload.label(), () -> STATEFULSET.equals(workload.kind())
        ? statefulSetResource(workload.name()).scale(replicas)
        : deploymentResource(workload.name()).scale(replicas));
  }

  private void forget(Workload workload) {
    Map<String, String> annotations = workload.object().getMetadata().getAnnotations();
    if (annotations == null || !annotations.containsKey(REPLICAS_BEFORE_SCALE_DOWN_ANNOTATION)) {
      return;
    }
    // JSON Patch "remove" (RFC 6902); "~1" escapes the '/' in the annotation key.
    String patch = "[{\"op\":\"remove\",\"path\":\"/metadata/annotations/"
        + REPLICAS_BEFORE_SCALE_DOWN_ANNOTATION.replace("~", "~0").replace("/", "~1") + "\"}]";
    PatchContext json = PatchContext.of(PatchType.JSON);
    try {
      if (STATEFULSET.equals(workload.kind())) {
        statefulSetResource(workload.name()).patch(json, patch);
      } else {
        deploymentResource(workload.name()).patch(json, patch);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 422) { // 422: already removed by a concurrent attempt
        throw unavailable("annotate", workload.label(), e);
      }
    }
  }

  private void remember(Workload workload, int replicas) {
    String patch = "{\"metadata\":{\"annotations\":{\"" + REPLICAS_BEFORE_SCALE_DOWN_ANNOTATION + "\":\"" + replicas + "\"}}}";
    PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
    call("annotate", workload.label(), () -> STATEFULSET.equals(workload.kind())
        ? statefulSetResource(workload.name()).patch(merge, patch)
        : deploymentResource(workload.name()).patch(merge, patch));
  }

  private List<Pod> podsOf(Workload workload) {
    LabelSelector selector = workload.selector();
    boolean empty = selector == null
        || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    if (empty) {
      return List.of(); // an empty selector would match every pod of the namespace
    }
    return call("list the pods of", workload.label(),
        () -> client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems());
  }

  private <T> T call(String action, String object, Supplier<T> operation) {
    try {
      return operation.get();
    } catch (KubernetesClientException e) {
      throw unavailable(action, object, e);
    }
  }

  private TargetUnavailableException unavailable(String action, String object, KubernetesClientException e) {
    String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    String hint = switch (e.getCode()) {
      case 401 -> "The API server rejected the orchestrator's credentials: check its service-account token or kubeconfig.";
      case 403 -> RBAC.formatted(namespace);
      case 404 -> "Check that namespace '%s' exists and the names in backup-orchestrator.clusters[].restore.kubernetes.".formatted(namespace);
      case 409 -> "Another client changed the object at the same time; the step is retried.";
      case 422 -> "The API server refused the object as invalid; check restore.kubernetes (image, secret and PVC names, data path).";
      default -> "Check that the Kubernetes API server is reachable from the orchestrator (in-cluster service account or kubeconfig) and healthy.";
    };
    String code = e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "";
    return new TargetUnavailableException(
        "Kubernetes API: could not %s %s in namespace '%s' (%s%s). %s".formatted(action, object, namespace, code, reason, hint), e);
  }
}
