#!/usr/bin/env bash
# Regenerates the plain manifests in this folder from the Helm chart (default values), minus
# the Helm-only labels and annotations. Needs helm 3 or 4 on PATH (or HELM=/path/to/helm).
# secret.example.yaml and kustomization.yaml are written by hand and left alone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
chart="$here/../helm/camunda-backup-orchestrator"
helm="${HELM:-helm}"

for name in serviceaccount configmap deployment service networkpolicy; do
  {
    echo "# Rendered from deploy/helm/camunda-backup-orchestrator (templates/$name.yaml, default"
    echo "# values) by deploy/kubernetes/render.sh. Edit it here, or change the chart and re-render."
    "$helm" template camunda-backup-orchestrator "$chart" --show-only "templates/$name.yaml" \
      | sed -e '/^---$/d' -e '/^# Source:/d' \
            -e '/helm.sh\/chart:/d' -e '/app.kubernetes.io\/managed-by:/d' \
            -e '/# Restart the pods when the rendered application.yaml changes./d' \
            -e '/checksum\/config:/d' \
      | awk '{ lines[NR] = $0 } END {
          # drop a key left without content (the pod "annotations:" once the checksum is gone)
          for (i = 1; i <= NR; i++) {
            if (lines[i] ~ /^ *annotations:$/) {
              match(lines[i], /^ */); indent = RLENGTH
              match(lines[i + 1], /^ */); if (RLENGTH <= indent) continue
            }
            print lines[i]
          }
        }'
  } > "$here/$name.yaml"
done
echo "rendered: $(cd "$here" && ls serviceaccount.yaml configmap.yaml deployment.yaml service.yaml networkpolicy.yaml | tr '\n' ' ')"
