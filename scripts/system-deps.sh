#!/usr/bin/env bash
# Install the system tools uprkg's checks and tests need, if they are missing:
#   java      HermiT, the OWL reasoner owlready2 runs (uprkg reason / check)
#   chromium  headless browser for the network page's browser test (tests only)
#   jena      Apache Jena ARQ (Debian's libapache-jena-java): the second SPARQL
#             engine the canned queries are checked against (tests only)
# Usage: scripts/system-deps.sh [run|test]
set -euo pipefail
mode="${1:-test}"

need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ "$mode" = test ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  [ -f /usr/share/java/jena-arq.jar ] || need+=(libapache-jena-java)
fi
[ ${#need[@]} -eq 0 ] && exit 0

echo "uprkg: installing system packages: ${need[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "uprkg: cannot install ${need[*]}: not root and no sudo." >&2
  echo "uprkg: Java is needed by the reasoner (HermiT); install it with your package manager." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! command -v apt-get >/dev/null 2>&1; then
  echo "uprkg: no apt-get here; install ${need[*]} by hand (Java 11+ for HermiT)." >&2
  exit 1
fi
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
command -v java >/dev/null 2>&1 || {
  echo "uprkg: Java is still missing after installing; the reasoner (HermiT) cannot run." >&2
  exit 1
}
