package io.camunda.community.backup.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.engine.usertask.UserTaskRef;
import io.camunda.community.backup.engine.usertask.UserTasks;
import io.camunda.community.backup.sandbox.PartitionState;
import io.camunda.community.backup.testsupport.SandboxTargets;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo's second half ({@code --restore}): data changes after the backup, then the restore
 * process brings the backup back while this class plays the operator in Tasklist (approve by
 * typing the cluster name, then the manual steps on the sandbox: stop, restore each broker,
 * start). It prints the restore's timeline and checks that exactly the backed-up data is back.
 */
final class RestoreRoundTrip {

  private static final String INDEX = "operate-list-view-8.3.0_";

  private RestoreRoundTrip() {}

  static int run(InMemoryControlCluster control, ConfigurableApplicationContext app, SandboxTargets sandbox, long backupId, PrintStream out)
      throws InterruptedException {
    long documentsAtBackup = sandbox.openSearch().count(INDEX);
    sandbox.openSearch().index(INDEX, Map.of("processInstanceKey", 777, "state", "ACTIVE", "note", "written after the backup"));
    sandbox.cluster().processRecords(100);
    Map<Integer, PartitionState> beforeRestore = sandbox.cluster().zeebePartitions();
    out.printf("%nAfter the backup: %s holds %d documents (was %d); Zeebe processed 100 more records per partition.%n",
        INDEX, sandbox.openSearch().count(INDEX), documentsAtBackup);

    long key = app.getBean(CamundaClient.class).newCreateInstanceCommand().bpmnProcessId("restore").latestVersion()
        .variables(Map.of("clusterName", "demo", "requestedBackupId", backupId, "note", "embedded demo")).send().join()
        .getProcessInstanceKey();
    out.println("Restore of cluster 'demo' from backup " + backupId + " (process instance " + key + "):");
    ProcessInstanceView restore = control.instance(key);
    TimelinePrinter timeline = new TimelinePrinter(control, key, out, "bpmn/restore.bpmn");
    UserTasks tasks = new UserTasks(control).withTimeout(Duration.ofSeconds(60));
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    // A task completed a moment ago can still read as open on a loaded machine: act on each once.
    java.util.Set<Long> handled = new java.util.HashSet<>();
    while (!restore.isEnded() && Instant.now().isBefore(deadline)) {
      timeline.printNew();
      for (UserTaskRef task : tasks.open(key)) {
        if (handled.add(task.key())) {
          actAsOperator(task, tasks, sandbox, backupId, out);
        }
      }
      Thread.sleep(100);
    }
    timeline.printNew();

    Optional<JsonNode> result = restore.variable("restoreResult");
    long documentsNow = sandbox.openSearch().count(INDEX);
    out.println("\nRestore summary");
    out.printf("  state               %s%n", result.map(r -> r.get("state").asText()).orElse("did not finish"));
    result.ifPresent(r -> {
      out.printf("  restore duration    %s (approval to healthy, RTO)%n", r.path("restoreDuration").asText());
      out.printf("  verification        %s%n", r.path("verification").path("ok").asBoolean() ? "OK" : r.path("verification").path("problems"));
    });
    out.printf("  %s  %d documents (backup had %d)%n", INDEX, documentsNow, documentsAtBackup);
    out.printf("  Zeebe records       %s before the restore, %s after (the backup's, plus what the restarted cluster processed)%n%n",
        records(beforeRestore), records(sandbox.cluster().zeebePartitions()));
    boolean restored = result.map(r -> r.get("state").asText().equals("RESTORED")).orElse(false) && documentsNow == documentsAtBackup;
    return restored ? 0 : 1;
  }

  private static java.util.List<String> records(Map<Integer, PartitionState> partitions) {
    return partitions.values().stream().map(p -> "p" + p.partitionId() + "=" + p.recordCount()).toList();
  }

  private static void actAsOperator(UserTaskRef task, UserTasks tasks, SandboxTargets sandbox, long backupId, PrintStream out) {
    Map<String, Object> answer = switch (task.elementId()) {
      case "UserTask_Approve" -> {
        out.println("  (operator) reads the plan and approves, typing the cluster name");
        yield Map.of("approval", "approve", "confirmClusterName", "demo");
      }
      case "UserTask_StopComponents" -> {
        out.println("  (operator) stops the Orchestration Cluster and Optimize");
        sandbox.cluster().stopComponents();
        yield Map.of("componentsStopped", true);
      }
      case "UserTask_RestoreZeebe" -> {
        out.println("  (operator) runs bin/restore --backupId=" + backupId + " on broker 0: "
            + sandbox.cluster().runZeebeRestore(0, backupId).log().lines().reduce((a, b) -> b).orElse(""));
        yield Map.of("zeebeRestored", true);
      }
      case "UserTask_StartComponents" -> {
        out.println("  (operator) starts the components again");
        sandbox.cluster().startComponents();
        yield Map.of("componentsStarted", true);
      }
      default -> null;
    };
    if (answer != null) {
      tasks.assign(task.key(), "demo-operator");
      tasks.complete(task.key(), answer);
    }
  }
}
