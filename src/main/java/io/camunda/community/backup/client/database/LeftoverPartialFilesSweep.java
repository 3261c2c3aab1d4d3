package io.camunda.community.backup.client.database;

import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At startup, before the job workers open, removes what a crash (of this process or an earlier
 * one) left in the dump directories of the RDBMS clusters: unfinished dumps, unfinished records
 * and private restore copies, which would otherwise fill the volume. Only hidden temporary files
 * named after a dump of that cluster are touched, never a dump or a record, and never a file
 * another process still holds (see {@link PartialFiles}); each is logged. A directory that cannot
 * be read is logged and left alone: startup goes on, the next dump says what is wrong.
 */
@Component
public class LeftoverPartialFilesSweep implements SmartInitializingSingleton {

  private static final Logger LOG = LoggerFactory.getLogger(LeftoverPartialFilesSweep.class);

  private final ClusterRegistry registry;
  private final DatabaseDumps dumps;

  public LeftoverPartialFilesSweep(ClusterRegistry registry, DatabaseDumps dumps) {
    this.registry = registry;
    this.dumps = dumps;
  }

  @Override
  public void afterSingletonsInstantiated() {
    sweep();
  }

  /** Sweeps every RDBMS cluster's dump directory; returns what was deleted. */
  public List<Path> sweep() {
    List<Path> deleted = new ArrayList<>();
    for (ClusterProperties cluster : registry.all()) {
      for (String part : cluster.additionalDatabaseParts()) {
        try {
          deleted.addAll(dumps.sweepPartialFiles(cluster.name(), part,
              message -> LOG.warn("Dump directory of additional database '{}' of cluster '{}': {}", part, cluster.name(), message)));
        } catch (RuntimeException e) {
          LOG.warn("Could not sweep the dump directory of additional database '{}' of cluster '{}' for leftover temporary files: {}",
              part, cluster.name(), e.getMessage());
        }
      }
      // a drill target's dump directory is its source's, swept as the source's
      if (cluster.secondaryStorage() == null || !cluster.secondaryStorage().isRdbms() || cluster.drillTarget()) {
        continue;
      }
      try {
        deleted.addAll(dumps.sweepPartialFiles(cluster.name(),
            message -> LOG.warn("Dump directory of cluster '{}': {}", cluster.name(), message)));
      } catch (RuntimeException e) {
        LOG.warn("Could not sweep the dump directory of cluster '{}' for leftover temporary files: {}",
            cluster.name(), e.getMessage());
      }
    }
    return deleted;
  }
}
