# Sourced by ./mvnw and cache-server/bin/cachalot-server: finds a JDK 21 or newer.
# Order: $JAVA_HOME, `java` on the PATH, then the newest JDK under /usr/lib/jvm (no globbing:
# ./mvnw runs with `set -f`).
cachalot_java_major() {
    "$1" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

cachalot_find_java() {
    for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null)" \
            $(find /usr/lib/jvm /Library/Java/JavaVirtualMachines -maxdepth 4 -path '*/bin/java' 2>/dev/null | sort -rV); do
        [ -n "$candidate" ] && [ -x "$candidate" ] || continue
        major=$(cachalot_java_major "$candidate")
        if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}
