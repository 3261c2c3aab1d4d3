{{/*
Helpers of the RDBMS, restore, notification and monitoring values (the rest is in _helpers.tpl).
*/}}

{{/*
A dict of camelCase values as the application's kebab-case properties, recursively. Empty values
(null, "", [], {}) are left out so that the application's default applies; false and 0 stay. Keys
in .raw keep their value as it is (e.g. environment variable maps).
*/}}
{{- define "cbo.kebabConfig" -}}
{{- $out := dict }}
{{- range $key, $value := .value }}
{{- if or (kindIs "invalid" $value) (and (kindIs "string" $value) (eq $value "")) (and (kindIs "slice" $value) (eq (len $value) 0)) (and (kindIs "map" $value) (eq (len $value) 0)) }}
{{- else if has $key $.raw }}
{{- $_ := set $out (kebabcase $key) $value }}
{{- else if kindIs "map" $value }}
{{- $nested := include "cbo.kebabConfig" (dict "value" $value "raw" $.raw) | fromYaml }}
{{- if $nested }}{{ $_ := set $out (kebabcase $key) $nested }}{{ end }}
{{- else }}
{{- $_ := set $out (kebabcase $key) $value }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/*
Seconds of a duration as Spring reads it: ISO-8601 (PT30M, P1D, P1DT2H) or simple (30m, 1d, 90s).
Fails the render with .what when it cannot read it. Used for alert thresholds and checks.
*/}}
{{- define "cbo.isoSeconds" -}}
{{- $v := upper (toString .value) }}
{{- $iso := "^P(([0-9]+)D)?(T(([0-9]+)H)?(([0-9]+)M)?(([0-9]+)S)?)?$" }}
{{- $simple := "^([0-9]+)(S|M|H|D)$" }}
{{- if and (regexMatch $iso $v) (ne $v "P") (ne $v "PT") }}
{{- $p := regexReplaceAll $iso $v "${2}|${5}|${7}|${9}" | splitList "|" }}
{{- add (mul (atoi (index $p 0 | default "0")) 86400) (mul (atoi (index $p 1 | default "0")) 3600) (mul (atoi (index $p 2 | default "0")) 60) (atoi (index $p 3 | default "0")) }}
{{- else if regexMatch $simple $v }}
{{- $n := atoi (regexReplaceAll $simple $v "${1}") }}
{{- $unit := regexReplaceAll $simple $v "${2}" }}
{{- mul $n (get (dict "S" 1 "M" 60 "H" 3600 "D" 86400) $unit) }}
{{- else }}
{{- fail (printf "%s: %q is not a duration this chart can read (ISO-8601 PnDTnHnMnS such as PT30M or P1D, or 30m, 2h, 1d)" .what (toString .value)) }}
{{- end }}
{{- end }}

{{/* "true" when a cluster writes database dumps: its secondary storage is a relational database, or it has additionalDatabases. */}}
{{- define "cbo.hasRdbms" -}}
{{- range .Values.backupOrchestrator.clusters }}
{{- if or (eq (toString (.secondaryStorage | default dict).type) "rdbms") .additionalDatabases }}true{{ end }}
{{- end }}
{{- end }}

{{/* Environment variable prefix of an additional database: (PROD, web-modeler) -> PROD_WEB_MODELER. */}}
{{- define "cbo.additionalDatabaseEnvPrefix" -}}
{{- printf "%s_%s" .prefix (.part | upper | replace "-" "_") }}
{{- end }}

{{/* additional-databases of a cluster as the application reads them; passwords and secret command variables as placeholders. */}}
{{- define "cbo.additionalDatabasesConfig" -}}
{{- $out := list }}
{{- range $a := .databases }}
{{- $prefix := include "cbo.additionalDatabaseEnvPrefix" (dict "prefix" $.prefix "part" $a.part) }}
{{- $out = append $out (dict "part" $a.part "database" (include "cbo.databaseConfig" (dict "db" $a.database "prefix" $prefix "root" $.root) | fromYaml)) }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/* Checks of a cluster's additionalDatabases: part names, and each database as an RDBMS cluster's. */}}
{{- define "cbo.validateAdditionalDatabases" -}}
{{- $parts := dict }}
{{- range $j, $a := (.cluster.additionalDatabases | default list) }}
{{- $aw := printf "%s.additionalDatabases[%d]" $.where $j }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" (toString ($a.part | default ""))) }}
{{- fail (printf "%s.part must be lower-case letters, digits and '-', e.g. web-modeler (got %q)" $aw (toString ($a.part | default ""))) }}
{{- end }}
{{- if hasKey $parts $a.part }}{{ fail (printf "%s.part %q is used twice in this cluster" $aw $a.part) }}{{ end }}
{{- $_ := set $parts $a.part true }}
{{- include "cbo.validateDatabaseSettings" (dict "db" ($a.database | default dict) "dw" (printf "%s.database" $aw)) }}
{{- end }}
{{- end }}

{{/* "true" when the dumps volume is mounted: RDBMS clusters and dumps.persistence.enabled. */}}
{{- define "cbo.dumpsVolume" -}}
{{- if and (include "cbo.hasRdbms" .) .Values.dumps.persistence.enabled }}true{{ end }}
{{- end }}

{{/* "true" when the chart creates the dumps PVC (no existingClaim). */}}
{{- define "cbo.dumpsPvc" -}}
{{- if and (include "cbo.dumpsVolume" .) (not .Values.dumps.persistence.existingClaim) }}true{{ end }}
{{- end }}

{{/*
Namespaces that get the restore Role (YAML list): that of every cluster restored in kubernetes mode
(restore.kubernetes.namespace, default camunda) when restoreRbac.create, plus restoreRbac.namespaces.
*/}}
{{- define "cbo.restoreNamespaces" -}}
{{- $namespaces := list }}
{{- if .Values.restoreRbac.create }}
{{- range .Values.backupOrchestrator.clusters }}
{{- $restore := .restore | default dict }}
{{- if eq (toString $restore.mode) "kubernetes" }}
{{- $namespaces = append $namespaces (($restore.kubernetes | default dict).namespace | default "camunda") }}
{{- end }}
{{- end }}
{{- end }}
{{- $namespaces = concat $namespaces (.Values.restoreRbac.namespaces | default list) }}
{{- toYaml ($namespaces | uniq) }}
{{- end }}

{{/* The service-account token is mounted when the application calls the Kubernetes API. */}}
{{- define "cbo.automountToken" -}}
{{- or .Values.automountServiceAccountToken (gt (len (include "cbo.restoreNamespaces" . | fromYamlArray)) 0) }}
{{- end }}

{{/* Environment variable of a webhook URL kept in a Secret: (NOTIFICATIONS_WEBHOOK, ops-slack) -> NOTIFICATIONS_WEBHOOK_OPS_SLACK_URL. */}}
{{- define "cbo.webhookUrlEnv" -}}
{{- printf "%s_%s_URL" .prefix (.name | upper | replace "-" "_") }}
{{- end }}

{{/* notifications.webhooks as the application reads them (YAML list); URLs from Secrets as placeholders. */}}
{{- define "cbo.webhooksConfig" -}}
{{- $out := list }}
{{- range $h := .hooks }}
{{- $hook := dict "name" $h.name }}
{{- if include "cbo.hasSecretRef" (dict "ref" $h.urlSecret "what" "urlSecret") }}
{{- $_ := set $hook "url" (printf "${%s}" (include "cbo.webhookUrlEnv" (dict "prefix" $.envPrefix "name" $h.name))) }}
{{- else }}
{{- $_ := set $hook "url" $h.url }}
{{- end }}
{{- if $h.format }}{{ $_ := set $hook "format" $h.format }}{{ end }}
{{- if $h.events }}{{ $_ := set $hook "events" $h.events }}{{ end }}
{{- $out = append $out $hook }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/* secondary-storage.database of an RDBMS cluster; the password and secret command variables as placeholders. */}}
{{- define "cbo.databaseConfig" -}}
{{- $db := deepCopy (.db | default dict) }}
{{- $out := include "cbo.kebabConfig" (dict "value" (omit $db "passwordSecret" "command") "raw" list) | fromYaml }}
{{- if include "cbo.hasSecretRef" (dict "ref" $db.passwordSecret "what" "database.passwordSecret") }}
{{- $_ := set $out "password" (printf "${%s_DB_PASSWORD}" .prefix) }}
{{- end }}
{{- if not $db.dumpDirectory }}{{ $_ := set $out "dump-directory" .root.Values.dumps.mountPath }}{{ end }}
{{- with $db.command }}
{{- $cmd := include "cbo.kebabConfig" (dict "value" (omit . "environment" "environmentSecrets") "raw" list) | fromYaml }}
{{- $env := dict }}
{{- range $k, $v := (.environment | default dict) }}{{ $_ := set $env $k $v }}{{ end }}
{{- range $k, $ref := (.environmentSecrets | default dict) }}
{{- $_ := set $env $k (printf "${%s}" (include "cbo.commandEnvVar" (dict "prefix" $.prefix "name" $k))) }}
{{- end }}
{{- if $env }}{{ $_ := set $cmd "environment" $env }}{{ end }}
{{- if $cmd }}{{ $_ := set $out "command" $cmd }}{{ end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/* Environment variable of a secret command variable: (PROD, ORACLE_PASSWORD) -> PROD_DB_ENV_ORACLE_PASSWORD. */}}
{{- define "cbo.commandEnvVar" -}}
{{- printf "%s_DB_ENV_%s" .prefix (.name | upper | replace "-" "_") }}
{{- end }}

{{/* Checks of an RDBMS cluster (the application's startup rules, found at render time already). */}}
{{- define "cbo.validateDatabase" -}}
{{- $c := .cluster }}
{{- $where := .where }}
{{- $s := $c.secondaryStorage }}
{{- range $key := list "url" "username" }}
{{- if get $s $key }}{{ fail (printf "%s.secondaryStorage.%s is for Elasticsearch/OpenSearch and not used with type rdbms: remove it (the database settings go in secondaryStorage.database)" $where $key) }}{{ end }}
{{- end }}
{{- if include "cbo.hasSecretRef" (dict "ref" $s.passwordSecret "what" (printf "%s.secondaryStorage.passwordSecret" $where)) }}
{{- fail (printf "%s.secondaryStorage.passwordSecret is for Elasticsearch/OpenSearch; with type rdbms the password goes in secondaryStorage.database.passwordSecret" $where) }}
{{- end }}
{{- if include "cbo.hasSecretRef" (dict "ref" $s.apiKeySecret "what" (printf "%s.secondaryStorage.apiKeySecret" $where)) }}
{{- fail (printf "%s.secondaryStorage.apiKeySecret is not used with type rdbms: remove it" $where) }}
{{- end }}
{{- if $c.optimizeUrl }}
{{- fail (printf "%s.optimizeUrl: Optimize keeps its data in Elasticsearch/OpenSearch and is not part of an RDBMS backup; remove it (back Optimize up with its own procedure)" $where) }}
{{- end }}
{{- include "cbo.validateDatabaseSettings" (dict "db" ($s.database | default dict) "dw" (printf "%s.secondaryStorage.database" $where)) }}
{{- end }}

{{/* Checks of one database's settings (the Camunda database or an additional one); dw names it. */}}
{{- define "cbo.validateDatabaseSettings" -}}
{{- $db := .db }}
{{- $dw := .dw }}
{{- if not (has (toString $db.vendor) (list "postgresql" "mariadb" "mysql" "command")) }}
{{- fail (printf "%s.vendor must be postgresql, mariadb, mysql or command (got %q)" $dw (toString ($db.vendor | default ""))) }}
{{- end }}
{{- if eq $db.vendor "command" }}
{{- $cmd := $db.command | default dict }}
{{- if not (and $cmd.dump $cmd.restore) }}{{ fail (printf "%s.command.dump and .command.restore (argument lists) are required with vendor command" $dw) }}{{ end }}
{{- range $var, $ref := ($cmd.environmentSecrets | default dict) }}
{{- if not (include "cbo.hasSecretRef" (dict "ref" $ref "what" (printf "%s.command.environmentSecrets.%s" $dw $var))) }}
{{- fail (printf "%s.command.environmentSecrets.%s: set name and key of the Secret" $dw $var) }}
{{- end }}
{{- end }}
{{- else }}
{{- range $key := list "host" "name" "username" }}
{{- if not (get $db $key) }}{{ fail (printf "%s.%s is required with vendor %s" $dw $key $db.vendor) }}{{ end }}
{{- end }}
{{- if not (include "cbo.hasSecretRef" (dict "ref" $db.passwordSecret "what" (printf "%s.passwordSecret" $dw))) }}
{{- fail (printf "%s.passwordSecret {name, key} is required with vendor %s: the Secret key holding the database password" $dw $db.vendor) }}
{{- end }}
{{- end }}
{{- if and $db.dumpDirectory (not (isAbs (toString $db.dumpDirectory))) }}
{{- fail (printf "%s.dumpDirectory must be an absolute path (got %q)" $dw (toString $db.dumpDirectory)) }}
{{- end }}
{{- with $db.toolTimeout }}{{ $_ := include "cbo.isoSeconds" (dict "value" . "what" (printf "%s.toolTimeout" $dw)) }}{{ end }}
{{- end }}

{{/* Checks of notifications.webhooks (global or per cluster). */}}
{{- define "cbo.validateWebhooks" -}}
{{- $names := dict }}
{{- range $i, $h := .hooks }}
{{- $where := printf "%s[%d]" $.where $i }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" (toString ($h.name | default ""))) }}
{{- fail (printf "%s.name must be lower-case letters, digits and '-' (got %q)" $where (toString ($h.name | default ""))) }}
{{- end }}
{{- if hasKey $names $h.name }}{{ fail (printf "%s.name %q is used twice" $where $h.name) }}{{ end }}
{{- $_ := set $names $h.name true }}
{{- $fromSecret := include "cbo.hasSecretRef" (dict "ref" $h.urlSecret "what" (printf "%s.urlSecret" $where)) }}
{{- if eq (not $h.url) (not $fromSecret) }}
{{- fail (printf "%s: set either url or urlSecret {name, key} (a URL holding a token, such as a Slack or Teams webhook, belongs in a Secret)" $where) }}
{{- end }}
{{- if and $h.url (not (regexMatch "^https?://" (toString $h.url))) }}
{{- fail (printf "%s.url must be an http:// or https:// URL" $where) }}
{{- end }}
{{- if and $h.format (not (has $h.format (list "json" "slack" "teams"))) }}
{{- fail (printf "%s.format must be json, slack or teams (got %q)" $where (toString $h.format)) }}
{{- end }}
{{- range ($h.events | default list) }}
{{- if not (has . (list "backup-failed" "backup-stale" "exporting-repaired" "restore-awaiting-approval" "restore-finished")) }}
{{- fail (printf "%s.events: %q is not one of backup-failed, backup-stale, exporting-repaired, restore-awaiting-approval, restore-finished" $where (toString .)) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* Checks of the dumps volume. */}}
{{- define "cbo.validateDumps" -}}
{{- if include "cbo.hasRdbms" . }}
{{- if not (isAbs (toString .Values.dumps.mountPath)) }}
{{- fail (printf "dumps.mountPath must be an absolute path (got %q)" (toString .Values.dumps.mountPath)) }}
{{- end }}
{{- $p := .Values.dumps.persistence }}
{{- if and (include "cbo.dumpsPvc" .) (gt (int .Values.replicaCount) 1) (not (has "ReadWriteMany" $p.accessModes)) }}
{{- fail (printf "replicaCount is %d and a cluster keeps its data in a database: every replica must see every dump (a restore may run on another replica than its dump), so set dumps.persistence.accessModes to [ReadWriteMany] (a storage class that offers it), use an existingClaim that is, or keep replicaCount 1" (int .Values.replicaCount)) }}
{{- end }}
{{- end }}
{{- end }}

{{/* Checks of the monitoring values. */}}
{{- define "cbo.validateMonitoring" -}}
{{- $sm := .Values.monitoring.serviceMonitor }}
{{- if $sm.enabled }}
{{- $auth := $sm.auth | default dict }}
{{- $oauth := $auth.oauth2 | default dict }}
{{- $hasOAuth := include "cbo.hasSecretRef" (dict "ref" $oauth.clientSecretSecret "what" "monitoring.serviceMonitor.auth.oauth2.clientSecretSecret") }}
{{- $hasBearer := include "cbo.hasSecretRef" (dict "ref" $auth.bearerTokenSecret "what" "monitoring.serviceMonitor.auth.bearerTokenSecret") }}
{{- if and $hasOAuth $hasBearer }}
{{- fail "monitoring.serviceMonitor.auth: set either oauth2 or bearerTokenSecret, not both" }}
{{- end }}
{{- if $hasOAuth }}
{{- if not (and $oauth.tokenUrl (or $oauth.clientId (include "cbo.hasSecretRef" (dict "ref" $oauth.clientIdSecret "what" "monitoring.serviceMonitor.auth.oauth2.clientIdSecret")))) }}
{{- fail "monitoring.serviceMonitor.auth.oauth2: set tokenUrl and clientId (or clientIdSecret) next to clientSecretSecret" }}
{{- end }}
{{- end }}
{{- if eq .Values.security.mode "oidc" }}
{{- if not (or $hasOAuth $hasBearer) }}
{{- fail "monitoring.serviceMonitor: /actuator/prometheus needs the read permission with security.mode oidc; set monitoring.serviceMonitor.auth.oauth2 (Prometheus fetches tokens with client credentials: clientId, clientSecretSecret, tokenUrl; grant that client's role or scope read in security.oidc.grants) or auth.bearerTokenSecret (a long-lived token)" }}
{{- end }}
{{- else if eq .Values.security.mode "api-keys" }}
{{- fail "monitoring.serviceMonitor: with security.mode api-keys the application accepts only the API key header (security.apiKeyHeader), and a ServiceMonitor cannot send custom headers (prometheus-operator has no such field); use security.mode oidc with monitoring.serviceMonitor.auth.oauth2, or scrape with a Prometheus scrape configuration that sends the header (see docs/helm.md)" }}
{{- end }}
{{- end }}
{{- $rule := .Values.monitoring.prometheusRule }}
{{- if $rule.enabled }}
{{- $_ := include "cbo.isoSeconds" (dict "value" $rule.lockHeld.longerThan "what" "monitoring.prometheusRule.lockHeld.longerThan") }}
{{- end }}
{{- end }}
