package io.camunda.community.backup.worker.restore;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.response.GroupUser;
import io.camunda.client.api.search.response.SearchResponse;
import org.springframework.stereotype.Component;

/**
 * Group members as the control cluster's Identity knows them (Orchestration Cluster REST API
 * {@code POST /v2/groups/{groupId}/users/search}, paged). Groups that only exist in an OIDC
 * provider's token claim have no members there: configure their people as users instead.
 */
@Component
class CamundaGroupMembership implements GroupMembership {

  static final int PAGE_SIZE = 100;

  private final CamundaClient client;

  CamundaGroupMembership(CamundaClient client) {
    this.client = client;
  }

  @Override
  public boolean isMember(String username, String groupId) {
    String after = null;
    while (true) {
      String cursor = after;
      SearchResponse<GroupUser> page;
      try {
        page = client.newUsersByGroupSearchRequest(groupId)
            .page(p -> {
              p.limit(PAGE_SIZE);
              if (cursor != null) {
                p.after(cursor);
              }
            })
            .send()
            .join();
      } catch (ProblemException e) {
        if (e.code() == 404) {
          return false; // no such group: nobody is in it
        }
        throw new IllegalStateException("cannot read the members of group '" + groupId + "' from the control cluster: " + e.getMessage(), e);
      }
      if (page.items().stream().anyMatch(user -> username.equals(user.getUsername()))) {
        return true;
      }
      if (page.items().size() < PAGE_SIZE || page.page() == null || page.page().endCursor() == null) {
        return false;
      }
      after = page.page().endCursor();
    }
  }
}
