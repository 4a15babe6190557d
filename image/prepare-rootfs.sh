#!/usr/bin/env bash
# Lays out the files of the mcdrop server image (no Docker daemon, no base image from a registry):
# a Java runtime made by jlink from the build's JDK, the shared libraries it and ONNX Runtime load
# (found with ldd on this machine), a non-root user, /tmp, and the shipped model. Jib then builds
# the image FROM scratch with this directory as an extra layer (see pom.xml).
#
#   image/prepare-rootfs.sh ROOTFS MODEL.onnx CLI.jar
set -euo pipefail
ROOT="$(readlink -m "$1")"
MODEL="$(readlink -f "$2")"
JAR="$(readlink -f "$3")"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")}"
rm -rf "$ROOT"
mkdir -p "$ROOT/opt" "$ROOT/app" "$ROOT/models" "$ROOT/etc" "$ROOT/tmp" "$ROOT/proc" "$ROOT/dev"

# 1. The Java runtime: the modules a Micronaut + Picocli + ONNX Runtime application uses.
"$JAVA_HOME/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.jfr,jdk.net,jdk.naming.dns,jdk.charsets \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$ROOT/opt/java"

# 2. The application and the model.
cp "$JAR" "$ROOT/app/mcdrop.jar"
cp "$MODEL" "$ROOT/models/"

# 3. Shared libraries: everything the JVM's and ONNX Runtime's native code links against.
NATIVE="$(mktemp -d)"
trap 'rm -rf "$NATIVE"' EXIT
(cd "$NATIVE" && unzip -q -o "$JAR" 'ai/onnxruntime/native/linux-x64/*')
objs=("$ROOT/opt/java/bin/java" "$ROOT/opt/java/lib/"*.so "$ROOT/opt/java/lib/server/libjvm.so" \
  "$NATIVE"/ai/onnxruntime/native/linux-x64/*.so)
ldd "${objs[@]}" 2>/dev/null | awk '/=> \// {print $3} /^\s*\/[^ ]+ \(0x/ {print $1}' | sort -u |
  while read -r lib; do
    mkdir -p "$ROOT$(dirname "$lib")"
    cp -L "$lib" "$ROOT$lib"
  done
# The dynamic loader under the path the ELF headers name.
interp="$(readelf -l "$ROOT/opt/java/bin/java" | sed -n 's/.*interpreter: \(.*\)]/\1/p')"
mkdir -p "$ROOT$(dirname "$interp")"
cp -L "$interp" "$ROOT$interp"

chmod 1777 "$ROOT/tmp"

# 4. A non-root user (uid/gid 65532, as distroless images use) and name resolution basics.
cat > "$ROOT/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:mcdrop:/home/nonroot:/sbin/nologin
PASSWD
cat > "$ROOT/etc/group" <<GROUP
root:x:0:
nonroot:x:65532:
GROUP
mkdir -p "$ROOT/home/nonroot"
printf 'hosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$ROOT/etc/hosts"
# ONNX Runtime 1.29's telemetry reads /etc/machine-id at start-up; when the file is missing or empty
# it falls back to popen("sh -c 'blkid; hostname'") and, with no shell in the image, crashes the
# JVM (SIGSEGV in fclose). A fixed, non-empty id keeps it on the first path (found with strace).
echo "6d6364726f702d696d61676500000001" > "$ROOT/etc/machine-id"
printf 'NAME="mcdrop"\nID=mcdrop\nPRETTY_NAME="mcdrop server (FROM scratch)"\n' > "$ROOT/etc/os-release"
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  mkdir -p "$ROOT/etc/ssl/certs"
  cp -L /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/"
fi
echo "rootfs ready: $(du -sh "$ROOT" | cut -f1)"
