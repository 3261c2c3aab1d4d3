#!/usr/bin/env bash
# Regenerates the plain manifests in this folder from the Helm chart: *.yaml from the chart's
# default values, monitoring/*.yaml from the defaults plus monitoring/values.yaml, minus the
# Helm-only labels and the config checksum annotation. Helm itself comes with the build (the
# helm-java test dependency ships its native library): no helm binary is needed. PlainManifestsTest
# (part of ./mvnw test) fails when the committed files and the chart differ.
# secret.example.yaml, the kustomization.yaml files and monitoring/values.yaml are written by hand.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
./mvnw -B -ntp -q -Dlint.skip=true test -Dtest=PlainManifestsTest -Dmanifests.update=true
echo "rendered: deploy/kubernetes/{serviceaccount,configmap,deployment,service,networkpolicy}.yaml, deploy/kubernetes/monitoring/{servicemonitor,prometheusrule,grafana-dashboard}.yaml"
