package io.camunda.community.backup.config;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Who may approve a restore of one cluster: members of {@code groups} (groups of the control
 * cluster's Identity) and the {@code users} listed. They become the candidate groups and users of
 * the approval tasks in Tasklist, and the approval listener refuses anyone else. Both empty: anyone
 * who may complete the task in Tasklist.
 */
public record ApproversProperties(List<@NotBlank String> groups, List<@NotBlank String> users) {

  @ConstructorBinding
  public ApproversProperties {
    groups = groups == null ? List.of() : List.copyOf(groups);
    users = users == null ? List.of() : List.copyOf(users);
  }

  public static ApproversProperties anyone() {
    return new ApproversProperties(List.of(), List.of());
  }
}
