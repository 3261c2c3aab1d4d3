package io.camunda.community.backup.worker.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.UserTaskProperties;
import java.util.List;

/**
 * The approval user task a listener job belongs to, as the engine fixed it: who it is assigned to
 * and its candidate groups and users. Read from the job's user-task properties (REST) or its
 * reserved headers (gRPC), never from variables, which the completing user can set.
 */
record ApprovalTask(String elementId, String assignee, List<String> candidateGroups, List<String> candidateUsers) {

  static final String SECOND_APPROVAL = "UserTask_SecondApproval";
  /** The engine's reserved headers of a user-task listener job (zeebe-protocol's {@code Protocol}, not on the runtime classpath). */
  static final String ASSIGNEE_HEADER = "io.camunda.zeebe:assignee";
  static final String CANDIDATE_GROUPS_HEADER = "io.camunda.zeebe:candidateGroups";
  static final String CANDIDATE_USERS_HEADER = "io.camunda.zeebe:candidateUsers";
  private static final ObjectMapper JSON = new ObjectMapper();

  ApprovalTask {
    candidateGroups = candidateGroups == null ? List.of() : List.copyOf(candidateGroups);
    candidateUsers = candidateUsers == null ? List.of() : List.copyOf(candidateUsers);
  }

  static ApprovalTask of(ActivatedJob job) {
    UserTaskProperties properties = job.getUserTask();
    if (properties != null && properties.getAssignee() != null) {
      return new ApprovalTask(job.getElementId(), properties.getAssignee(), properties.getCandidateGroups(), properties.getCandidateUsers());
    }
    return new ApprovalTask(job.getElementId(),
        job.getCustomHeaders().get(ASSIGNEE_HEADER),
        list(job.getCustomHeaders().get(CANDIDATE_GROUPS_HEADER)),
        list(job.getCustomHeaders().get(CANDIDATE_USERS_HEADER)));
  }

  boolean isAssigned() {
    return assignee != null && !assignee.isBlank();
  }

  boolean isSecondApproval() {
    return SECOND_APPROVAL.equals(elementId);
  }

  /** Whether only some people may decide: the cluster configures approvers. */
  boolean restrictsApprovers() {
    return !candidateGroups.isEmpty() || !candidateUsers.isEmpty();
  }

  /** A header holds a list literal ({@code ["ops","dba"]}); absent or empty: none. */
  private static List<String> list(String header) {
    if (header == null || header.isBlank()) {
      return List.of();
    }
    try {
      return JSON.readValue(header, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read the approval task's candidates from header value " + header, e);
    }
  }
}
