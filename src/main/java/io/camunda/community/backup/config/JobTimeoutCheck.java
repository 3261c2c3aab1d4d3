package io.camunda.community.backup.config;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.AnnotationUtil;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.customizer.JobWorkerValueCustomizer;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.spring.bean.SpringBeanInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * Fails startup when a job could outlive its job timeout: Zeebe hands a job out again once its
 * timeout passes, so a step still blocked in a call would then run twice at once (two threads
 * deleting, restoring or dumping the same thing). For every job worker of this application, its
 * effective job timeout (the {@code @JobWorker} value after the starter's {@code
 * camunda.client.worker.defaults/override} properties, exactly as the starter opens it) must exceed
 * the longest call it may block in: one request to a target ({@code timeouts.request} of every
 * cluster), a database dump or restore ({@code secondary-storage.database.tool-timeout}), one
 * Kubernetes API call with the client's retries. Long waits are not calls: the model polls them.
 *
 * <p>Runs after every bean exists and before the workers open (lifecycle start).
 */
@Component
public class JobTimeoutCheck implements SmartInitializingSingleton {

  /** Job types whose one call runs the database tool. */
  static final List<String> DATABASE_TOOL_TYPES = List.of("c8backup-database-dump", "c8backup-database-restore");
  static final String KUBERNETES_TYPE_PREFIX = "c8backup-k8s-";

  private final ApplicationContext context;
  private final OrchestratorProperties properties;
  private final Environment environment;
  private final ObjectProvider<JobWorkerValueCustomizer> customizers;
  private final ObjectProvider<CamundaClient> client;
  private final ObjectProvider<KubernetesClient> kubernetes;

  public JobTimeoutCheck(ApplicationContext context, OrchestratorProperties properties, Environment environment,
      ObjectProvider<JobWorkerValueCustomizer> customizers, ObjectProvider<CamundaClient> client, ObjectProvider<KubernetesClient> kubernetes) {
    this.context = context;
    this.properties = properties;
    this.environment = environment;
    this.customizers = customizers;
    this.client = client;
    this.kubernetes = kubernetes;
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<String> problems = check(jobTimeouts());
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Job timeouts shorter than the calls their steps may block in (a job would be handed out again "
          + "while it still runs):\n  - " + String.join("\n  - ", problems));
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
    Duration kubernetesCall = clusters.stream().anyMatch(c -> c.restore().mode() == RestoreMode.KUBERNETES) ? kubernetesCall() : null;
    for (JobTimeout job : timeouts.values()) {
      for (int i = 0; i < clusters.size(); i++) {
        ClusterProperties cluster = clusters.get(i);
        String prefix = "backup-orchestrator.clusters[" + i + "]";
        require(problems, job, cluster.timeouts().request(), prefix + ".timeouts.request", "one request to a target");
        if (DATABASE_TOOL_TYPES.contains(job.type()) && cluster.secondaryStorage().isRdbms() && cluster.secondaryStorage().database() != null) {
          require(problems, job, cluster.secondaryStorage().database().toolTimeout(), prefix + ".secondary-storage.database.tool-timeout",
              "one database dump or restore");
        }
      }
      if (kubernetesCall != null && job.type().startsWith(KUBERNETES_TYPE_PREFIX)) {
        require(problems, job, kubernetesCall, "the Kubernetes client's requestTimeout, connectionTimeout and requestRetryBackoffLimit",
            "one Kubernetes API call with its retries");
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

  /**
   * The longest one fabric8 call may block: every attempt up to connection plus request timeout,
   * and the back-off between attempts (doubling, at most 32 times the initial interval).
   */
  private Duration kubernetesCall() {
    io.fabric8.kubernetes.client.Config config = kubernetes.getObject().getConfiguration();
    long attempts = Math.max(0, config.getRequestRetryBackoffLimit()) + 1L;
    long perAttempt = Math.max(0, config.getConnectionTimeout()) + Math.max(0, config.getRequestTimeout());
    long backoff = (attempts - 1) * Math.max(0, config.getRequestRetryBackoffInterval()) * 32L;
    return Duration.ofMillis(attempts * perAttempt + backoff);
  }
}
