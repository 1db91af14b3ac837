# Sourced by mvnw and bin/cairn: points JAVA_HOME at a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough; otherwise tries `java` on PATH,
# then every JDK under /usr/lib/jvm (and a few common roots), newest first.
cairn_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}
cairn_java_ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  cairn_major=$(cairn_java_major "$1")
  [ -n "$cairn_major" ] && [ "$cairn_major" -ge 21 ]
}
cairn_find_java() {
  if [ -n "${JAVA_HOME:-}" ] && cairn_java_ok "$JAVA_HOME"; then return 0; fi
  if command -v javac >/dev/null 2>&1; then
    cairn_candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if cairn_java_ok "$cairn_candidate"; then JAVA_HOME=$cairn_candidate; export JAVA_HOME; return 0; fi
  fi
  for cairn_candidate in $(ls -d /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* 2>/dev/null | sort -rV); do
    if cairn_java_ok "$cairn_candidate"; then JAVA_HOME=$cairn_candidate; export JAVA_HOME; return 0; fi
  done
  echo "cairn: no JDK >= 21 found; install one or set JAVA_HOME" >&2
  return 1
}
cairn_find_java || exit 1
