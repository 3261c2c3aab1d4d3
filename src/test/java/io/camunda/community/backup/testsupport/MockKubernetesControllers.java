package io.camunda.community.backup.testsupport;

import io.camunda.community.backup.sandbox.SandboxCamundaCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The controllers Kubernetes would run, reduced to what a restore in Kubernetes mode needs, over
 * the fabric8 mock API server (which has none): when the orchestrator scales the workloads down
 * they stop the sandbox's components and report zero replicas; each restore Job runs the sandbox's
 * restore application for its broker and is marked succeeded; scaling up starts the components.
 * Level-triggered like the real ones: every pass makes each workload's status match its spec (a
 * scale request may rewrite the whole object on the mock), and acts on the sandbox when the state
 * changes. {@link #events()} records what happened, in order.
 */
public final class MockKubernetesControllers implements AutoCloseable {

  public static final String ZEEBE_STATEFUL_SET = "camunda-zeebe";

  private final KubernetesClient kubernetes;
  private final String namespace;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private SandboxCamundaCluster cluster;
  private Thread loop;

  public MockKubernetesControllers(KubernetesClient kubernetes, String namespace) {
    this.kubernetes = kubernetes;
    this.namespace = namespace;
  }

  /** The Zeebe StatefulSet (3 replicas) and the given Deployments (1 replica each), all ready. */
  public void createWorkloads(List<String> deployments) {
    kubernetes.apps().statefulSets().inNamespace(namespace).resource(new StatefulSetBuilder()
        .withNewMetadata().withName(ZEEBE_STATEFUL_SET).endMetadata()
        .withNewSpec().withReplicas(3).endSpec().build()).create();
    for (String name : deployments) {
      kubernetes.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
          .withNewMetadata().withName(name).endMetadata()
          .withNewSpec().withReplicas(1).endSpec().build()).create();
    }
    setReady();
  }

  /** Starts acting for {@code cluster}, whose restore Jobs restore {@code backupId}. */
  public void start(SandboxCamundaCluster cluster, long backupId) {
    this.cluster = cluster;
    running.set(true);
    loop = Thread.ofVirtual().start(() -> act(backupId));
  }

  public List<String> events() {
    return events;
  }

  public StatefulSet statefulSet() {
    return kubernetes.apps().statefulSets().inNamespace(namespace).withName(ZEEBE_STATEFUL_SET).get();
  }

  /** Stops acting, so {@link #events()} no longer changes. */
  public void stopActing() {
    running.set(false);
    if (loop != null) {
      try {
        loop.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops acting; leaves the sandbox's components running, and the mock without workloads. */
  @Override
  public void close() {
    stopActing();
    if (cluster != null && !cluster.componentsRunning()) {
      cluster.startComponents();
    }
    kubernetes.batch().v1().jobs().inNamespace(namespace).delete();
    kubernetes.apps().statefulSets().inNamespace(namespace).delete();
    kubernetes.apps().deployments().inNamespace(namespace).delete();
  }

  private void act(long backupId) {
    boolean down = false;
    while (running.get()) {
      try {
        boolean allScaledToZero = statefulSet().getSpec().getReplicas() == 0
            && kubernetes.apps().deployments().inNamespace(namespace).list().getItems().stream().allMatch(d -> d.getSpec().getReplicas() == 0);
        if (allScaledToZero && !down) {
          cluster.stopComponents();
          down = true;
          events.add("scaled-down");
        }
        for (Job job : kubernetes.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
          if (job.getStatus() == null || job.getStatus().getSucceeded() == null) {
            int nodeId = Integer.parseInt(job.getMetadata().getLabels().get("camunda-backup-orchestrator/node-id"));
            // The sandbox has one broker owning every partition: node 0 restores them, the others have none.
            // --to (a point-in-time restore) or --backupId, as the Job's environment says
            String to = job.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
                .filter(variable -> variable.getName().equals("ZEEBE_RESTORE_TO_TIMESTAMP")).map(variable -> variable.getValue())
                .findFirst().orElse(null);
            if (nodeId == 0 && !(to == null ? cluster.runZeebeRestore(0, backupId) : cluster.runZeebeRestoreTo(0, java.time.Instant.parse(to)))
                .success()) {
              throw new IllegalStateException("sandbox restore failed");
            }
            job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withSucceeded(1).build());
            kubernetes.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
            events.add("job " + job.getMetadata().getName());
          }
        }
        if (down && statefulSet().getSpec().getReplicas() > 0 && !cluster.componentsRunning()) {
          cluster.startComponents();
          events.add("scaled-up");
          // What else wanted to run when Zeebe came back: the documented order starts nothing else yet.
          kubernetes.apps().deployments().inNamespace(namespace).list().getItems().stream()
              .filter(d -> d.getSpec().getReplicas() > 0).forEach(d -> events.add("already up with Zeebe: " + d.getMetadata().getName()));
        }
        if (down && cluster.componentsRunning()) {
          for (Deployment deployment : kubernetes.apps().deployments().inNamespace(namespace).list().getItems()) {
            String event = "deployment " + deployment.getMetadata().getName() + " scaled-up";
            if (deployment.getSpec().getReplicas() > 0 && !events.contains(event)) {
              events.add(event);
            }
          }
        }
        setReady();
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Status as the controllers would report it: as many replicas ready as desired. */
  private void setReady() {
    StatefulSet sts = statefulSet();
    int stsReady = sts.getSpec().getReplicas();
    boolean stsCurrent = sts.getStatus() != null && Integer.valueOf(stsReady).equals(sts.getStatus().getReadyReplicas())
        && Integer.valueOf(stsReady).equals(sts.getStatus().getReplicas());
    if (!stsCurrent) {
      sts.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
          .withReplicas(stsReady).withReadyReplicas(stsReady).withCurrentReplicas(stsReady).withAvailableReplicas(stsReady).build());
      kubernetes.apps().statefulSets().inNamespace(namespace).resource(sts).updateStatus();
    }
    List<Deployment> deployments = new ArrayList<>(kubernetes.apps().deployments().inNamespace(namespace).list().getItems());
    for (Deployment deployment : deployments) {
      int ready = deployment.getSpec().getReplicas();
      if (deployment.getStatus() != null && Integer.valueOf(ready).equals(deployment.getStatus().getReadyReplicas())
          && Integer.valueOf(ready).equals(deployment.getStatus().getReplicas())) {
        continue;
      }
      deployment.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
          .withReplicas(ready).withReadyReplicas(ready).withAvailableReplicas(ready).build());
      kubernetes.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
    }
  }
}
