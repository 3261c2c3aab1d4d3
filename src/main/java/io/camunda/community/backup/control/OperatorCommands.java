package io.camunda.community.backup.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.config.UnknownClusterException;
import io.camunda.community.backup.security.Callers;
import io.camunda.community.backup.security.OperatorAction;
import io.camunda.community.backup.security.OperatorAudit;
import io.camunda.community.backup.manifest.BackupManifests;
import io.camunda.community.backup.manifest.ManifestNotFoundException;
import io.camunda.community.backup.manifest.ManifestUnavailableException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * The application's commands, for operators and scripts (`java -jar app.jar <command> <cluster>`):
 *
 * <pre>
 *   catalog &lt;cluster&gt; [-o json]                         list the backup sets, newest first (a table; JSON with -o json)
 *   window &lt;cluster&gt;                                    continuous backups: from when to when a point in time can be restored
 *   backup &lt;cluster&gt; [--backup-id=N] [--note=TEXT] [--wait[=DURATION]]   start a backup
 *   retention &lt;cluster&gt; [--dry-run] [--wait[=DURATION]]                  apply retention (the plan is its result)
 *   restore &lt;cluster&gt; [--backup-id=N | --to=ISO-INSTANT] [--from=second-location] [--dry-run] [--wait[=DURATION]]  start a restore; it waits for approval in Tasklist
 *                                                       (--to: continuous backups, restore to that point in time)
 *                                                       (--dry-run: pre-flight and plan only, nothing changes)
 *   drill &lt;drill-target&gt; [--wait[=DURATION]]                          restore the source's newest backup into a drill target, unattended
 *   status &lt;cluster&gt; &lt;key&gt; [--wait[=DURATION]]                            how a run stands (timeline, incidents, result)
 *   release-lock &lt;cluster&gt;                              free a lock whose holder no longer runs (refused while it runs)
 * </pre>
 *
 * A started run is printed at once with its key and status URL. With {@code --wait} the command
 * then follows the run, prints its live timeline and its last status, and exits with its outcome;
 * {@code --wait=PT30M} follows for at most 30 minutes.
 *
 * The commands run in-process against the control cluster with its own credentials
 * ({@code camunda.client.*}); they do not go through the HTTP API and its authentication: whoever
 * can run the application with that configuration may use them. The operating-system user is
 * recorded as {@code requestedBy} ({@code os-user:<name>}) and in the audit log.
 *
 * <p>Exit codes: 0 succeeded or started (without {@code --wait}), 1 failed (or cancelled), 2 refused
 * (cluster busy, too soon, failed pre-flight) or invalid input (backup ID, note, key, wait: the
 * message names the option and the fix, nothing is started), 3 the outcome is unknown (the run is
 * not visible, its status cannot be read, or {@code --wait}'s time is up: the run goes on; a set
 * without a readable manifest), 64
 * usage (unknown command, cluster or option).
 */
@Component
public class OperatorCommands implements ApplicationRunner, ExitCodeGenerator {

  public static final Set<String> COMMANDS = Set.of("catalog", "backup", "retention", "restore", "drill", "status", "release-lock", "manifest",
      "window");
  /**
   * The options each command takes. Any other option without a dot (properties such as
   * {@code --camunda.client.grpc-address} have one) is a usage error: {@code retention prod
   * --dryrun} must not run a real retention.
   */
  private static final Map<String, Set<String>> OPTIONS = Map.of(
      "catalog", Set.of("output"),
      "backup", Set.of("backup-id", "note", "wait"),
      "retention", Set.of("dry-run", "wait"),
      "restore", Set.of("backup-id", "note", "dry-run", "wait", "from", "to"),
      "drill", Set.of("wait"),
      "status", Set.of("wait"),
      "manifest", Set.of(),
      "window", Set.of());
  private static final Set<String> SPRING_BOOT_FLAGS = Set.of("debug", "trace");
  private static final Map<String, OperatorAction> ACTIONS = Map.of(
      "catalog", OperatorAction.CATALOG,
      "window", OperatorAction.RESTORABLE_WINDOW,
      "backup", OperatorAction.BACKUP,
      "retention", OperatorAction.RETENTION,
      "restore", OperatorAction.RESTORE,
      "drill", OperatorAction.DRILL,
      "status", OperatorAction.RUN_STATUS,
      "release-lock", OperatorAction.RELEASE_LOCK,
      "manifest", OperatorAction.MANIFEST);

  private final BackupCatalog catalog;
  private final BackupRequests backups;
  private final RetentionRequests retention;
  private final ClusterLocks locks;
  private final RestoreRequests restores;
  private final RunStatusReader statuses;
  private final RunFollower follower;
  private final BackupManifests manifests;
  private final DrillRequests drills;
  private final RestorableWindows restorableWindows;
  private final ObjectMapper json;
  private final PrintStream out = System.out;
  private int exitCode;

  public OperatorCommands(
      BackupCatalog catalog, BackupRequests backups, RetentionRequests retention, ClusterLocks locks, RestoreRequests restores,
      RunStatusReader statuses, RunFollower follower, BackupManifests manifests, DrillRequests drills, RestorableWindows restorableWindows,
      ObjectMapper json) {
    this.restorableWindows = restorableWindows;
    this.manifests = manifests;
    this.drills = drills;
    this.statuses = statuses;
    this.follower = follower;
    this.restores = restores;
    this.catalog = catalog;
    this.backups = backups;
    this.retention = retention;
    this.locks = locks;
    this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
  }

  public static boolean isCommand(String... args) {
    return args.length > 0 && COMMANDS.contains(args[0]);
  }

  @Override
  public void run(ApplicationArguments args) throws Exception {
    List<String> words = new ArrayList<>(args.getNonOptionArgs());
    String output = outputFormat(words, args);
    if (words.isEmpty() || !COMMANDS.contains(words.getFirst())) {
      return; // no command: the application runs as the worker service
    }
    int expected = Set.of("status", "manifest").contains(words.getFirst()) ? 3 : 2;
    if (words.size() != expected) {
      String third = words.getFirst().equals("manifest") ? " <backup-id>" : " <key>";
      System.err.println("usage: " + words.getFirst() + (expected == 3 ? " <cluster>" + third : " <cluster>") + "   (commands: " + COMMANDS + ")");
      exitCode = 64;
      return;
    }
    String cluster = words.get(1);
    String caller = Callers.commandLineUser();
    OperatorAction action = ACTIONS.get(words.getFirst());
    Set<String> allowed = OPTIONS.get(words.getFirst());
    if (allowed != null) {
      for (String name : args.getOptionNames()) {
        if (!name.contains(".") && !allowed.contains(name) && !SPRING_BOOT_FLAGS.contains(name)) {
          System.err.println("Unknown option --" + name + " for " + words.getFirst() + "; its options are: "
              + (allowed.isEmpty() ? "none" : allowed.stream().sorted().map(o -> "--" + o).toList()));
          exitCode = 64;
          return;
        }
      }
    }
    if (output != null && !words.getFirst().equals("catalog") || output != null && !Set.of("table", "json").contains(output)) {
      System.err.println("Unknown output '" + output + "' for " + words.getFirst() + "; only catalog takes -o, with table (the default) or json");
      exitCode = 64;
      return;
    }
    try {
      switch (words.getFirst()) {
        case "catalog" -> {
          List<io.camunda.community.backup.catalog.BackupSet> sets = catalog.list(cluster);
          if ("json".equals(output)) {
            print(sets);
          } else {
            out.println(CatalogTable.render(sets));
          }
          OperatorAudit.record(action, cluster, caller, "LISTED");
        }
        case "backup", "retention", "restore", "drill" -> {
          Duration wait = waitOption(args); // checked before anything starts
          RunStarted run = switch (words.getFirst()) {
            case "backup" -> backups.request(cluster, longOption(args, "backup-id"), option(args, "note"), "command", caller);
            case "retention" -> retention.request(cluster, args.containsOption("dry-run"), "command", caller);
            case "drill" -> drills.request(cluster, caller);
            default -> restores.request(cluster, new RequestBodies.Restore(longOption(args, "backup-id"), option(args, "note"),
                option(args, "from"), option(args, "to")), "command", caller, args.containsOption("dry-run"));
          };
          OperatorAudit.record(action, cluster, caller, "STARTED");
          print(run);
          if (args.containsOption("wait")) {
            follow(run.clusterName(), run.processInstanceKey(), wait);
          }
        }
        case "status" -> {
          Duration wait = waitOption(args);
          long key = RequestBodies.processInstanceKey(words.get(2));
          if (args.containsOption("wait")) {
            follow(cluster, key, wait);
          } else {
            Optional<RunStatus> status = statuses.read(cluster, key);
            if (status.isEmpty()) {
              System.err.println(new RunNotFoundException(cluster, key).getMessage()
                  + " (a run started a moment ago shows after the control cluster exported it; ask again)");
              exitCode = 3;
            } else {
              print(status.get());
              exitCode = status.get().outcome().exitCode();
            }
          }
          OperatorAudit.record(action, cluster, caller, exitCode == 3 ? "NOT_FOUND" : "READ");
        }
        case "manifest" -> {
          long backupId = RequestBodies.backupId(words.get(2));
          try {
            print(manifests.read(cluster, backupId));
            OperatorAudit.record(action, cluster, caller, "READ");
          } catch (ManifestNotFoundException | ManifestUnavailableException e) {
            System.err.println(e.getMessage());
            OperatorAudit.record(action, cluster, caller, e instanceof ManifestNotFoundException ? "NOT_FOUND" : "UNAVAILABLE");
            exitCode = 3;
          }
        }
        case "window" -> {
          print(restorableWindows.read(cluster));
          OperatorAudit.record(action, cluster, caller, "READ");
        }
        case "release-lock" -> {
          ClusterLocks.ForcedRelease release = locks.forceRelease(cluster, caller);
          print(release.asMap());
          OperatorAudit.record(action, cluster, caller, release.outcome());
          exitCode = release.refused() ? 2 : 0;
        }
        default -> throw new IllegalStateException();
      }
    } catch (RunStatusUnavailableException e) {
      System.err.println(e.getMessage());
      exitCode = 3;
    } catch (UnknownClusterException e) {
      OperatorAudit.record(action, cluster, caller, "UNKNOWN_CLUSTER");
      System.err.println(e.getMessage());
      exitCode = 64;
    } catch (InvalidRequestException e) {
      OperatorAudit.record(action, cluster, caller, "INVALID_REQUEST");
      // Refused before anything started; the same rules and words as the HTTP API's 400.
      String option = switch (e.field()) {
        case "backupId", "backup-id" -> words.getFirst().equals("manifest") ? "<backup-id>" : "--backup-id";
        case "wait" -> "--wait";
        case "note" -> "--note";
        case "from" -> "--from";
        case "processInstanceKey" -> "<key>";
        default -> e.field();
      };
      System.err.println("Invalid " + option + ": " + e.error() + ". Fix: " + e.fix());
      exitCode = 2;
    }
  }

  /** Follows a run to its end (or {@code wait}), prints its last status and sets the exit code from its outcome. */
  private void follow(String cluster, long key, Duration wait) throws Exception {
    RunFollower.Followed followed = follower.follow(cluster, key, wait, out);
    if (followed.last() != null) {
      print(followed.last());
    }
    if (followed.ended()) {
      exitCode = followed.last().outcome().exitCode();
    } else {
      System.err.println("Stopped following run " + key + ": " + followed.stoppedBecause()
          + ". The run goes on; follow it again with: status " + cluster + " " + key + " --wait");
      exitCode = 3;
    }
  }

  /** {@code --wait} alone (null: until the run ends) or {@code --wait=PT30M}. */
  private static Duration waitOption(ApplicationArguments args) {
    String value = option(args, "wait");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      Duration wait = Duration.parse(value.trim());
      if (!wait.isNegative() && !wait.isZero()) {
        return wait;
      }
    } catch (java.time.format.DateTimeParseException e) {
      // answered below
    }
    throw new InvalidRequestException("wait", "--wait must be a positive ISO-8601 duration, got '" + value + "'",
        "give --wait alone to follow the run to its end, or a duration such as --wait=PT30M");
  }

  /** {@code -o json} (as kubectl and velero spell it) or {@code --output=json}; removes {@code -o X} from the words. */
  private static String outputFormat(List<String> words, ApplicationArguments args) {
    int flag = words.indexOf("-o");
    if (flag >= 0 && flag + 1 < words.size()) {
      String value = words.get(flag + 1);
      words.subList(flag, flag + 2).clear();
      return value;
    }
    return option(args, "output");
  }

  private void print(Object value) throws Exception {
    out.println(json.writeValueAsString(value));
  }

  private static String option(ApplicationArguments args, String name) {
    List<String> values = args.getOptionValues(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  private static Long longOption(ApplicationArguments args, String name) {
    String value = option(args, name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(name, "--" + name + " must be a whole number, got '" + value + "'",
          "give a whole number, e.g. --" + name + "=1767225600, or leave the option out");
    }
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}
