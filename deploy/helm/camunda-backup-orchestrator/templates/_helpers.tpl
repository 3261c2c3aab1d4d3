{{/* Chart name, truncated to the 63 characters Kubernetes allows in names. */}}
{{- define "cbo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: the release name, unless it already contains the chart name. */}}
{{- define "cbo.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "cbo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "cbo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cbo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "cbo.labels" -}}
helm.sh/chart: {{ include "cbo.chart" . }}
{{ include "cbo.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: worker
app.kubernetes.io/part-of: camunda-backup-orchestrator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "cbo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cbo.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* A probe as configured, sent to the management port when the actuator has one. */}}
{{- define "cbo.probe" -}}
{{- $probe := deepCopy .probe }}
{{- if and .root.Values.management.port $probe.httpGet }}
{{- $_ := set $probe.httpGet "port" "management" }}
{{- end }}
{{- toYaml $probe }}
{{- end }}

{{- define "cbo.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* true when a {name, key} Secret reference is filled in; fails when only half of it is. */}}
{{- define "cbo.hasSecretRef" -}}
{{- $ref := .ref | default dict }}
{{- if and $ref.name $ref.key }}true
{{- else if or $ref.name $ref.key }}
{{- fail (printf "%s: set both name and key of the Secret reference (got name=%q key=%q)" .what (toString ($ref.name | default "")) (toString ($ref.key | default ""))) }}
{{- end }}
{{- end }}

{{/* Environment variable prefix of a cluster: "prod-eu" -> "PROD_EU". */}}
{{- define "cbo.clusterEnvPrefix" -}}
{{- $prefix := . | upper | replace "-" "_" }}
{{- if regexMatch "^[0-9]" $prefix }}{{ $prefix = printf "CLUSTER_%s" $prefix }}{{ end }}
{{- $prefix }}
{{- end }}

{{/* Environment variable holding the hash of an API key: "ci-pipeline" -> "API_KEY_CI_PIPELINE_HASH". */}}
{{- define "cbo.apiKeyHashEnv" -}}
{{- printf "API_KEY_%s_HASH" (. | upper | replace "-" "_") }}
{{- end }}

{{/*
Checks the values and fails the render with a readable message; renders nothing.
*/}}
{{- define "cbo.validate" -}}
{{- $auth := .Values.camunda.client.auth }}
{{- if not (has $auth.method (list "oidc" "basic" "none")) }}
{{- fail (printf "camunda.client.auth.method must be oidc, basic or none (got %q)" (toString $auth.method)) }}
{{- end }}
{{- if eq $auth.method "oidc" }}
{{- if not $auth.clientId }}{{ fail "camunda.client.auth.clientId is required with method oidc" }}{{ end }}
{{- if not $auth.tokenUrl }}{{ fail "camunda.client.auth.tokenUrl is required with method oidc" }}{{ end }}
{{- if not (include "cbo.hasSecretRef" (dict "ref" $auth.clientSecretSecret "what" "camunda.client.auth.clientSecretSecret")) }}
{{- fail "camunda.client.auth.clientSecretSecret {name, key} is required with method oidc" }}
{{- end }}
{{- end }}
{{- if eq $auth.method "basic" }}
{{- if not $auth.username }}{{ fail "camunda.client.auth.username is required with method basic" }}{{ end }}
{{- if not (include "cbo.hasSecretRef" (dict "ref" $auth.passwordSecret "what" "camunda.client.auth.passwordSecret")) }}
{{- fail "camunda.client.auth.passwordSecret {name, key} is required with method basic" }}
{{- end }}
{{- end }}
{{- $clusters := .Values.backupOrchestrator.clusters | default list }}
{{- if not $clusters }}
{{- fail "backupOrchestrator.clusters: list at least one target cluster" }}
{{- end }}
{{- $seen := dict }}
{{- $prefixes := dict }}
{{- range $i, $c := $clusters }}
{{- $where := printf "backupOrchestrator.clusters[%d]" $i }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" (toString ($c.name | default ""))) }}
{{- fail (printf "%s.name must be lower-case letters, digits and '-' (got %q)" $where (toString ($c.name | default ""))) }}
{{- end }}
{{- if hasKey $seen $c.name }}
{{- fail (printf "%s.name %q is used twice" $where $c.name) }}
{{- end }}
{{- $_ := set $seen $c.name true }}
{{- $prefix := include "cbo.clusterEnvPrefix" $c.name }}
{{- if hasKey $prefixes $prefix }}
{{- fail (printf "%s.name %q and %q map to the same environment variable prefix %s" $where (get $prefixes $prefix) $c.name $prefix) }}
{{- end }}
{{- $_ := set $prefixes $prefix $c.name }}
{{- if not $c.managementUrl }}{{ fail (printf "%s.managementUrl is required" $where) }}{{ end }}
{{- $s := $c.secondaryStorage | default dict }}
{{- if not (has $s.type (list "elasticsearch" "opensearch" "rdbms")) }}
{{- fail (printf "%s.secondaryStorage.type must be elasticsearch, opensearch or rdbms (got %q)" $where (toString ($s.type | default ""))) }}
{{- end }}
{{- if eq $s.type "rdbms" }}
{{- include "cbo.validateDatabase" (dict "cluster" $c "where" $where "root" $) }}
{{- else }}
{{- if $s.database }}{{ fail (printf "%s.secondaryStorage.database is only for type rdbms (got type %s)" $where $s.type) }}{{ end }}
{{- if not $s.url }}{{ fail (printf "%s.secondaryStorage.url is required" $where) }}{{ end }}
{{- $hasPassword := include "cbo.hasSecretRef" (dict "ref" $s.passwordSecret "what" (printf "%s.secondaryStorage.passwordSecret" $where)) }}
{{- $hasApiKey := include "cbo.hasSecretRef" (dict "ref" $s.apiKeySecret "what" (printf "%s.secondaryStorage.apiKeySecret" $where)) }}
{{- if and $s.username (not $hasPassword) }}
{{- fail (printf "%s.secondaryStorage.username is set: also set passwordSecret {name, key}" $where) }}
{{- end }}
{{- if and $hasPassword (not $s.username) }}
{{- fail (printf "%s.secondaryStorage.passwordSecret is set: also set username" $where) }}
{{- end }}
{{- if and $hasPassword $hasApiKey }}
{{- fail (printf "%s.secondaryStorage: use either username/passwordSecret or apiKeySecret, not both" $where) }}
{{- end }}
{{- $plainHttp := regexMatch "^(?i)http://" (toString $s.url) }}
{{- $loopback := regexMatch "^(?i)http://(localhost|127\\.[0-9]+\\.[0-9]+\\.[0-9]+|\\[::1\\])([:/]|$)" (toString $s.url) }}
{{- if and $plainHttp (not $loopback) (or $hasPassword $hasApiKey) (not $c.allowInsecureHttp) }}
{{- fail (printf "%s.secondaryStorage.url: %s is plain http:// to another host, and the credentials would travel unencrypted; use an https:// URL, or, if the network path is private and you accept the risk, set %s.allowInsecureHttp: true" $where $s.url $where) }}
{{- end }}
{{- end }}
{{- /* the application's startup rules, found at render time already */}}
{{- $urls := dict "managementUrl" $c.managementUrl "optimizeUrl" ($c.optimizeUrl | default "") "secondaryStorage.url" ($s.url | default "") }}
{{- range $property, $url := $urls }}
{{- if regexMatch "^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@" (toString $url) }}
{{- fail (printf "%s.%s embeds credentials (user:password@): remove them from the URL; credentials go in secondaryStorage.username/passwordSecret or apiKeySecret" $where $property) }}
{{- end }}
{{- end }}
{{- $restore := $c.restore | default dict }}
{{- if not (has ($restore.mode | default "manual") (list "manual" "kubernetes")) }}
{{- fail (printf "%s.restore.mode must be manual or kubernetes (got %q)" $where (toString $restore.mode)) }}
{{- end }}
{{- range $key := list "maxExportingPause" "maxBackupAge" "pollInterval" "minBackupInterval" }}
{{- with (get $c $key) }}{{ $_ := include "cbo.isoSeconds" (dict "value" . "what" (printf "%s.%s" $where $key)) }}{{ end }}
{{- end }}
{{- include "cbo.validateWebhooks" (dict "hooks" (($c.notifications | default dict).webhooks | default list) "where" (printf "%s.notifications.webhooks" $where)) }}
{{- include "cbo.validateAdditionalDatabases" (dict "cluster" $c "where" $where) }}
{{- end }}
{{- include "cbo.validateWebhooks" (dict "hooks" ((.Values.backupOrchestrator.notifications | default dict).webhooks | default list) "where" "backupOrchestrator.notifications.webhooks") }}
{{- include "cbo.validateDumps" . }}
{{- include "cbo.validateMonitoring" . }}
{{- include "cbo.validateSecurity" . }}
{{- end }}

{{/* The security values: one mode, and what that mode needs. */}}
{{- define "cbo.validateSecurity" -}}
{{- $sec := .Values.security | default dict }}
{{- if not (has $sec.mode (list "oidc" "api-keys" "none")) }}
{{- fail (printf "security.mode must be oidc, api-keys or none (got %q)" (toString $sec.mode)) }}
{{- end }}
{{- if eq $sec.mode "oidc" }}
{{- $oidc := $sec.oidc | default dict }}
{{- if not (or $oidc.issuerUri $oidc.jwkSetUri) }}
{{- fail "security.oidc.issuerUri or security.oidc.jwkSetUri is required with security.mode oidc" }}
{{- end }}
{{- if not $oidc.audiences }}
{{- fail "security.oidc.audiences: list the audience(s) a token must name (e.g. [backup-orchestrator])" }}
{{- end }}
{{- range $i, $g := ($oidc.grants | default list) }}
{{- if not $g.authority }}{{ fail (printf "security.oidc.grants[%d].authority is required" $i) }}{{ end }}
{{- if not $g.permissions }}{{ fail (printf "security.oidc.grants[%d].permissions: list read, backup and/or admin" $i) }}{{ end }}
{{- end }}
{{- end }}
{{- if eq $sec.mode "api-keys" }}
{{- if not $sec.apiKeys }}
{{- fail "security.apiKeys: list at least one key (name, permissions, hashSecret) with security.mode api-keys" }}
{{- end }}
{{- $names := dict }}
{{- range $i, $k := $sec.apiKeys }}
{{- $where := printf "security.apiKeys[%d]" $i }}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" (toString ($k.name | default ""))) }}
{{- fail (printf "%s.name must be lower-case letters, digits and '-' (got %q)" $where (toString ($k.name | default ""))) }}
{{- end }}
{{- if hasKey $names $k.name }}{{ fail (printf "%s.name %q is used twice" $where $k.name) }}{{ end }}
{{- $_ := set $names $k.name true }}
{{- if not $k.permissions }}{{ fail (printf "%s.permissions: list read, backup and/or admin" $where) }}{{ end }}
{{- range $k.permissions }}
{{- if not (has . (list "read" "backup" "admin")) }}{{ fail (printf "%s.permissions: %q is not read, backup or admin" $where .) }}{{ end }}
{{- end }}
{{- if not (include "cbo.hasSecretRef" (dict "ref" $k.hashSecret "what" (printf "%s.hashSecret" $where))) }}
{{- fail (printf "%s.hashSecret {name, key} is required: the Secret key holding the key's hash" $where) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The application.yaml as a dict. Secrets appear only as ${ENV_VAR} placeholders; the matching
environment variables come from "cbo.secretEnv".
*/}}
{{- define "cbo.applicationConfig" -}}
{{- $client := .Values.camunda.client }}
{{- $auth := $client.auth }}
{{- $authConfig := dict "method" $auth.method }}
{{- if eq $auth.method "oidc" }}
{{- $_ := set $authConfig "client-id" $auth.clientId }}
{{- $_ := set $authConfig "client-secret" "${CAMUNDA_CLIENT_AUTH_CLIENTSECRET}" }}
{{- $_ := set $authConfig "token-url" $auth.tokenUrl }}
{{- if $auth.audience }}{{ $_ := set $authConfig "audience" $auth.audience }}{{ end }}
{{- if $auth.scope }}{{ $_ := set $authConfig "scope" $auth.scope }}{{ end }}
{{- /* the default ($HOME/.camunda) is not writable with a read-only root file system */}}
{{- $_ := set $authConfig "credentials-cache-path" "/tmp/camunda/credentials" }}
{{- else if eq $auth.method "basic" }}
{{- $_ := set $authConfig "username" $auth.username }}
{{- $_ := set $authConfig "password" "${CAMUNDA_CLIENT_AUTH_PASSWORD}" }}
{{- end }}
{{- $camunda := dict "client" (dict
      "mode" $client.mode
      "grpc-address" $client.grpcAddress
      "rest-address" $client.restAddress
      "auth" $authConfig) }}

{{- $clusters := list }}
{{- range $c := .Values.backupOrchestrator.clusters }}
{{- $prefix := include "cbo.clusterEnvPrefix" $c.name }}
{{- $s := $c.secondaryStorage }}
{{- $storage := dict "type" $s.type }}
{{- if eq $s.type "rdbms" }}
{{- $_ := set $storage "database" (include "cbo.databaseConfig" (dict "db" $s.database "prefix" $prefix "root" $) | fromYaml) }}
{{- else }}
{{- $_ := set $storage "url" $s.url }}
{{- if $s.username }}
{{- $_ := set $storage "username" $s.username }}
{{- $_ := set $storage "password" (printf "${%s_SECONDARY_STORAGE_PASSWORD}" $prefix) }}
{{- end }}
{{- if include "cbo.hasSecretRef" (dict "ref" $s.apiKeySecret "what" "apiKeySecret") }}
{{- $_ := set $storage "api-key" (printf "${%s_SECONDARY_STORAGE_API_KEY}" $prefix) }}
{{- end }}
{{- if $s.snapshotRepository }}{{ $_ := set $storage "snapshot-repository" $s.snapshotRepository }}{{ end }}
{{- if $s.zeebeRecordsIndexPrefix }}{{ $_ := set $storage "zeebe-records-index-prefix" $s.zeebeRecordsIndexPrefix }}{{ end }}
{{- if $s.indexPrefix }}{{ $_ := set $storage "index-prefix" $s.indexPrefix }}{{ end }}
{{- if $s.optimizeIndexPrefix }}{{ $_ := set $storage "optimize-index-prefix" $s.optimizeIndexPrefix }}{{ end }}
{{- end }}
{{- $cluster := dict "name" $c.name "management-url" $c.managementUrl "secondary-storage" $storage }}
{{- if $c.optimizeUrl }}{{ $_ := set $cluster "optimize-url" $c.optimizeUrl }}{{ end }}
{{- if hasKey $c "scheduled" }}{{ $_ := set $cluster "scheduled" $c.scheduled }}{{ end }}
{{- if $c.brokerManagementUrls }}{{ $_ := set $cluster "broker-management-urls" $c.brokerManagementUrls }}{{ end }}
{{- with $c.drill }}{{ if .sourceCluster }}
{{- $drill := dict "source-cluster" .sourceCluster }}
{{- if .cron }}{{ $_ := set $drill "cron" .cron }}{{ end }}
{{- $_ := set $cluster "drill" $drill }}
{{- end }}{{ end }}
{{- /* flat settings and sections, camelCase values -> the application's kebab-case names; empty ones take the application default */}}
{{- $plain := pick $c "maxExportingPause" "pollInterval" "minBackupInterval" "maxBackupAge" "timeouts" "retention" "restore" "continuousBackups" "standalone" }}
{{- $cluster = merge $cluster (include "cbo.kebabConfig" (dict "value" $plain "raw" list) | fromYaml) }}
{{- with $c.secondLocation }}
{{- $second := include "cbo.kebabConfig" (dict "value" (omit . "s3") "raw" list) | fromYaml }}
{{- with .s3 }}
{{- $where := printf "clusters[%s].secondLocation.s3" $c.name }}
{{- if not (and (include "cbo.hasSecretRef" (dict "ref" .accessKeySecret "what" (printf "%s.accessKeySecret" $where))) (include "cbo.hasSecretRef" (dict "ref" .secretKeySecret "what" (printf "%s.secretKeySecret" $where)))) }}
{{- fail (printf "%s: accessKeySecret and secretKeySecret {name, key} are required: the Secret keys holding the bucket's access key and secret key" $where) }}
{{- end }}
{{- $s3 := include "cbo.kebabConfig" (dict "value" (omit . "accessKeySecret" "secretKeySecret") "raw" list) | fromYaml }}
{{- $_ := set $s3 "access-key" (printf "${%s_SECOND_LOCATION_S3_ACCESS_KEY}" $prefix) }}
{{- $_ := set $s3 "secret-key" (printf "${%s_SECOND_LOCATION_S3_SECRET_KEY}" $prefix) }}
{{- $_ := set $second "s3" $s3 }}
{{- end }}
{{- if $second }}{{ $_ := set $cluster "second-location" $second }}{{ end }}
{{- end }}
{{- if $c.allowInsecureHttp }}{{ $_ := set $cluster "allow-insecure-http" true }}{{ end }}
{{- with $c.additionalDatabases }}
{{- $_ := set $cluster "additional-databases" (include "cbo.additionalDatabasesConfig" (dict "databases" . "prefix" $prefix "root" $) | fromYamlArray) }}
{{- end }}
{{- $hooks := ($c.notifications | default dict).webhooks | default list }}
{{- if $hooks }}
{{- $_ := set $cluster "notifications" (dict "webhooks" (include "cbo.webhooksConfig" (dict "hooks" $hooks "envPrefix" (printf "%s_WEBHOOK" $prefix)) | fromYamlArray)) }}
{{- end }}
{{- $clusters = append $clusters $cluster }}
{{- end }}

{{- $bo := .Values.backupOrchestrator }}
{{- $schedule := $bo.schedule }}
{{- $orchestrator := dict
      "schedule" (dict "enabled" $schedule.enabled "cron" $schedule.cron)
      "clusters" $clusters }}
{{- with $bo.housekeeping }}
{{- $housekeeping := dict }}
{{- if hasKey . "enabled" }}{{ $_ := set $housekeeping "enabled" .enabled }}{{ end }}
{{- if .cron }}{{ $_ := set $housekeeping "cron" .cron }}{{ end }}
{{- if $housekeeping }}{{ $_ := set $orchestrator "housekeeping" $housekeeping }}{{ end }}
{{- end }}
{{- if $bo.jobRetryBackoff }}
{{- $_ := set $orchestrator "job-retry-backoff" $bo.jobRetryBackoff }}
{{- end }}
{{- if $bo.allowBackupIdsBeyondNow }}{{ $_ := set $orchestrator "allow-backup-ids-beyond-now" true }}{{ end }}
{{- if and (hasKey $bo "readCatalogsAtStart") (not $bo.readCatalogsAtStart) }}{{ $_ := set $orchestrator "metrics" (dict "read-catalogs-at-start" false) }}{{ end }}
{{- $orchestrator = merge $orchestrator (include "cbo.kebabConfig" (dict "value" (pick $bo "exportingResume" "lock") "raw" list) | fromYaml) }}
{{- $globalHooks := ($bo.notifications | default dict).webhooks | default list }}
{{- $notifications := include "cbo.kebabConfig" (dict "value" (pick ($bo.notifications | default dict) "maxAttempts" "backoff" "maxBackoff" "timeout" "queueCapacity") "raw" list) | fromYaml }}
{{- if $globalHooks }}
{{- $_ := set $notifications "webhooks" (include "cbo.webhooksConfig" (dict "hooks" $globalHooks "envPrefix" "NOTIFICATIONS_WEBHOOK") | fromYamlArray) }}
{{- end }}
{{- if $notifications }}{{ $_ := set $orchestrator "notifications" $notifications }}{{ end }}
{{- $_ := set $orchestrator "security" (include "cbo.securityConfig" . | fromYaml) }}

{{- $config := dict
      "camunda" $camunda
      "backup-orchestrator" $orchestrator
      "server" (dict "port" 8080)
      "management" (dict
        "endpoints" (dict "web" (dict "exposure" (dict "include" "health,info,prometheus")))
        "endpoint" (dict "health" (dict "probes" (dict "enabled" true))))
}}
{{- if .Values.management.port }}
{{- $_ := set $config.management "server" (dict "port" (int .Values.management.port)) }}
{{- end }}
{{- $config = mustMergeOverwrite $config (deepCopy (.Values.extraConfig | default dict)) }}
{{- toYaml $config }}
{{- end }}

{{/* backup-orchestrator.security of the application.yaml; API key hashes as ${API_KEY_<NAME>_HASH}. */}}
{{- define "cbo.securityConfig" -}}
{{- $sec := .Values.security }}
{{- $security := dict }}
{{- if eq $sec.mode "none" }}
{{- $_ := set $security "mode" "none" }}
{{- else if eq $sec.mode "oidc" }}
{{- $oidc := dict "audiences" $sec.oidc.audiences }}
{{- if $sec.oidc.issuerUri }}{{ $_ := set $oidc "issuer-uri" $sec.oidc.issuerUri }}{{ end }}
{{- if $sec.oidc.jwkSetUri }}{{ $_ := set $oidc "jwk-set-uri" $sec.oidc.jwkSetUri }}{{ end }}
{{- if $sec.oidc.authoritiesClaims }}{{ $_ := set $oidc "authorities-claims" $sec.oidc.authoritiesClaims }}{{ end }}
{{- if $sec.oidc.principalClaims }}{{ $_ := set $oidc "principal-claims" $sec.oidc.principalClaims }}{{ end }}
{{- if $sec.oidc.grants }}{{ $_ := set $oidc "grants" $sec.oidc.grants }}{{ end }}
{{- $_ := set $security "oidc" $oidc }}
{{- else }}
{{- $keys := list }}
{{- range $k := $sec.apiKeys }}
{{- $key := dict "name" $k.name "hash" (printf "${%s}" (include "cbo.apiKeyHashEnv" $k.name)) "permissions" $k.permissions }}
{{- if $k.clusters }}{{ $_ := set $key "clusters" $k.clusters }}{{ end }}
{{- $keys = append $keys $key }}
{{- end }}
{{- $_ := set $security "api-keys" $keys }}
{{- end }}
{{- if $sec.apiKeyHeader }}{{ $_ := set $security "api-key-header" $sec.apiKeyHeader }}{{ end }}
{{- toYaml $security }}
{{- end }}

{{/* Environment variables fed from Secrets (secretKeyRef), one per ${...} placeholder. */}}
{{- define "cbo.secretEnv" -}}
{{- $auth := .Values.camunda.client.auth }}
{{- if eq $auth.method "oidc" }}
- name: CAMUNDA_CLIENT_AUTH_CLIENTSECRET
  valueFrom:
    secretKeyRef:
      name: {{ $auth.clientSecretSecret.name }}
      key: {{ $auth.clientSecretSecret.key }}
{{- else if eq $auth.method "basic" }}
- name: CAMUNDA_CLIENT_AUTH_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $auth.passwordSecret.name }}
      key: {{ $auth.passwordSecret.key }}
{{- end }}
{{- range $c := .Values.backupOrchestrator.clusters }}
{{- $prefix := include "cbo.clusterEnvPrefix" $c.name }}
{{- $s := $c.secondaryStorage }}
{{- if $s.username }}
- name: {{ $prefix }}_SECONDARY_STORAGE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $s.passwordSecret.name }}
      key: {{ $s.passwordSecret.key }}
{{- end }}
{{- if include "cbo.hasSecretRef" (dict "ref" $s.apiKeySecret "what" "apiKeySecret") }}
- name: {{ $prefix }}_SECONDARY_STORAGE_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $s.apiKeySecret.name }}
      key: {{ $s.apiKeySecret.key }}
{{- end }}
{{- $db := $s.database | default dict }}
{{- if and (eq $s.type "rdbms") (include "cbo.hasSecretRef" (dict "ref" $db.passwordSecret "what" "database.passwordSecret")) }}
- name: {{ $prefix }}_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $db.passwordSecret.name }}
      key: {{ $db.passwordSecret.key }}
{{- end }}
{{- if eq $s.type "rdbms" }}
{{- range $var, $ref := (($db.command | default dict).environmentSecrets | default dict) }}
- name: {{ include "cbo.commandEnvVar" (dict "prefix" $prefix "name" $var) }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.name }}
      key: {{ $ref.key }}
{{- end }}
{{- end }}
{{- range $a := ($c.additionalDatabases | default list) }}
{{- $aprefix := include "cbo.additionalDatabaseEnvPrefix" (dict "prefix" $prefix "part" $a.part) }}
{{- $adb := $a.database | default dict }}
{{- if include "cbo.hasSecretRef" (dict "ref" $adb.passwordSecret "what" "additionalDatabases.database.passwordSecret") }}
- name: {{ $aprefix }}_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $adb.passwordSecret.name }}
      key: {{ $adb.passwordSecret.key }}
{{- end }}
{{- range $var, $ref := (($adb.command | default dict).environmentSecrets | default dict) }}
- name: {{ include "cbo.commandEnvVar" (dict "prefix" $aprefix "name" $var) }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.name }}
      key: {{ $ref.key }}
{{- end }}
{{- end }}
{{- with ($c.secondLocation | default dict).s3 }}
- name: {{ $prefix }}_SECOND_LOCATION_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .accessKeySecret.name }}
      key: {{ .accessKeySecret.key }}
- name: {{ $prefix }}_SECOND_LOCATION_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .secretKeySecret.name }}
      key: {{ .secretKeySecret.key }}
{{- end }}
{{- include "cbo.webhookEnv" (dict "hooks" (($c.notifications | default dict).webhooks | default list) "prefix" (printf "%s_WEBHOOK" $prefix)) }}
{{- end }}
{{- include "cbo.webhookEnv" (dict "hooks" ((.Values.backupOrchestrator.notifications | default dict).webhooks | default list) "prefix" "NOTIFICATIONS_WEBHOOK") }}
{{- if eq .Values.security.mode "api-keys" }}
{{- range $k := .Values.security.apiKeys }}
- name: {{ include "cbo.apiKeyHashEnv" $k.name }}
  valueFrom:
    secretKeyRef:
      name: {{ $k.hashSecret.name }}
      key: {{ $k.hashSecret.key }}
{{- end }}
{{- end }}
{{- end }}


{{/* secretKeyRef env entries of the webhook URLs kept in Secrets. */}}
{{- define "cbo.webhookEnv" -}}
{{- range $h := .hooks }}
{{- if include "cbo.hasSecretRef" (dict "ref" $h.urlSecret "what" "urlSecret") }}
- name: {{ include "cbo.webhookUrlEnv" (dict "prefix" $.prefix "name" $h.name) }}
  valueFrom:
    secretKeyRef:
      name: {{ $h.urlSecret.name }}
      key: {{ $h.urlSecret.key }}
{{- end }}
{{- end }}
{{- end }}
