package io.camunda.community.backup.config;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.AnnotationUtil;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.customizer.JobWorkerValueCustomizer;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.spring.bean.SpringBeanInfo;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;

/**
 * Fails startup when a job timeout cannot keep a job from being handed out twice. Every handler
 * runs under a lease ({@code LeasedJobWorkerManager}) that renews its job's deadline every quarter of
 * the job timeout while it runs, so a short timeout is safe for steps that block in a target call:
 * it only has to leave the renewals room ({@link #SHORTEST_JOB_TIMEOUT}). The database tool steps
 * (dump and restore), which must never run twice at once even when renewals fail, still need a
 * job timeout longer than {@code secondary-storage.database.tool-timeout}. The effective timeout is
 * the {@code @JobWorker} value after the starter's {@code camunda.client.worker.defaults/override}
 * properties, exactly as the starter opens the worker.
 *
 * <p>Runs after every bean exists and before the workers open (lifecycle start).
 */
@Component
public class JobTimeoutCheck implements SmartInitializingSingleton {

  /** Job types whose one call runs the database tool. */
  static final List<String> DATABASE_TOOL_TYPES = List.of("c8backup-database-dump", "c8backup-database-restore");
  /** Job types whose one call runs the tool on an additional database ({@code additional-databases}). */
  static final List<String> ADDITIONAL_DATABASE_TOOL_TYPES =
      List.of("c8backup-additional-database-dump", "c8backup-additional-database-restore");
  /** Leaves a lease renewed every quarter of it room for slow renewals. */
  static final Duration SHORTEST_JOB_TIMEOUT = Duration.ofSeconds(2);

  private final ApplicationContext context;
  private final OrchestratorProperties properties;
  private final Environment environment;
  private final ObjectProvider<JobWorkerValueCustomizer> customizers;
  private final ObjectProvider<CamundaClient> client;

  public JobTimeoutCheck(ApplicationContext context, OrchestratorProperties properties, Environment environment,
      ObjectProvider<JobWorkerValueCustomizer> customizers, ObjectProvider<CamundaClient> client) {
    this.context = context;
    this.properties = properties;
    this.environment = environment;
    this.customizers = customizers;
    this.client = client;
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<String> problems = check(jobTimeouts());
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Job timeouts that cannot keep a job from being handed out again while it still runs:\n  - "
          + String.join("\n  - ", problems));
    }
  }

  /** The effective job timeout of every job type, as the starter will open its worker. */
  Map<String, JobTimeout> jobTimeouts() {
    Map<String, JobTimeout> timeouts = new TreeMap<>();
    Duration clientDefault = client.getIfAvailable() == null ? null : client.getObject().getConfiguration().getDefaultJobTimeout();
    for (String name : context.getBeanNamesForAnnotation(Component.class)) {
      Class<?> type = context.getType(name);
      if (type == null || !type.getPackageName().startsWith("io.camunda.community.backup")) {
        continue;
      }
      Class<?> target = AopUtils.getTargetClass(context.getBean(name));
      SpringBeanInfo bean = new SpringBeanInfo(() -> context.getBean(name), name, target);
      for (Method method : ReflectionUtils.getUniqueDeclaredMethods(target)) {
        if (!method.isAnnotationPresent(JobWorker.class)) {
          continue;
        }
        AnnotationUtil.getJobWorkerValue(bean.toMethodInfo(method)).ifPresent(value -> {
          customizers.orderedStream().forEach(c -> c.customize(value));
          if (Boolean.FALSE.equals(value.getEnabled())) {
            return; // a worker that is not opened takes no jobs
          }
          // unset (null, or -1 ms from the annotation): the client's default job timeout applies
          Duration timeout = value.getTimeout() != null && value.getTimeout().isPositive() ? value.getTimeout() : clientDefault;
          if (timeout != null) {
            timeouts.put(value.getType(), new JobTimeout(value.getType(), timeout, source(value.getType(), method)));
          }
        });
      }
    }
    return timeouts;
  }

  /** Where an operator changes the job timeout of {@code type}. */
  private String source(String type, Method method) {
    String override = "camunda.client.worker.override." + type + ".timeout";
    if (environment.containsProperty(override)) {
      return override;
    }
    JobWorker annotation = method.getAnnotation(JobWorker.class);
    if (annotation.timeout() > 0) {
      return "@JobWorker(timeout) of " + method.getDeclaringClass().getSimpleName() + " (change it with " + override + ")";
    }
    return "camunda.client.worker.defaults.timeout (or " + override + ")";
  }

  record JobTimeout(String type, Duration timeout, String source) {}

  List<String> check(Map<String, JobTimeout> timeouts) {
    List<String> problems = new ArrayList<>();
    List<ClusterProperties> clusters = properties.clusters();
    for (JobTimeout job : timeouts.values()) {
      if (job.timeout().compareTo(SHORTEST_JOB_TIMEOUT) < 0) {
        problems.add(("job type %s: its job timeout %s (%s) is too short for its lease to be renewed in time. Set it to at least %s.")
            .formatted(job.type(), job.timeout(), job.source(), SHORTEST_JOB_TIMEOUT));
      }
      boolean camundaDatabase = DATABASE_TOOL_TYPES.contains(job.type());
      if (!camundaDatabase && !ADDITIONAL_DATABASE_TOOL_TYPES.contains(job.type())) {
        continue;
      }
      for (int i = 0; i < clusters.size(); i++) {
        ClusterProperties cluster = clusters.get(i);
        if (!camundaDatabase) {
          for (int j = 0; j < cluster.additionalDatabases().size(); j++) {
            require(problems, job, cluster.additionalDatabases().get(j).database().toolTimeout(),
                "backup-orchestrator.clusters[" + i + "].additional-databases[" + j + "].database.tool-timeout",
                "one database dump or restore");
          }
        } else if (cluster.secondaryStorage().isRdbms() && cluster.secondaryStorage().database() != null) {
          require(problems, job, cluster.secondaryStorage().database().toolTimeout(),
              "backup-orchestrator.clusters[" + i + "].secondary-storage.database.tool-timeout", "one database dump or restore");
        }
      }
    }
    return problems;
  }

  private static void require(List<String> problems, JobTimeout job, Duration call, String callProperty, String what) {
    if (job.timeout().compareTo(call) <= 0) {
      problems.add(("job type %s: its job timeout %s (%s) must be longer than %s %s (%s). Raise the job timeout above %s, or lower %s.")
          .formatted(job.type(), job.timeout(), job.source(), what, call, callProperty, call, callProperty));
    }
  }
}
