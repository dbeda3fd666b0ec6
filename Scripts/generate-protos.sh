#!/usr/bin/env bash
# Regenerates Sources/TikTokLiveProto from Protos/*.proto.
#
# The generated Swift is committed so that a clean build never compiles protoc: run this only after
# changing a .proto file. It needs protoc (Debian: protobuf-compiler) and builds protoc-gen-swift from
# the same swift-protobuf version Package.swift pins, so the generated code matches the runtime.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/.*swift-protobuf.git", exact: "\([0-9.]*\)".*/\1/p' Package.swift)
[ -n "$version" ] || { echo "could not read the swift-protobuf version from Package.swift" >&2; exit 1; }

if ! command -v protoc >/dev/null; then
  echo "installing protobuf-compiler" >&2
  apt-get update -qq && apt-get install -y -qq protobuf-compiler >/dev/null
fi

tools=${PROTOC_GEN_SWIFT_DIR:-.build-protoc-gen-swift}
plugin="$tools/swift-protobuf/.build/release/protoc-gen-swift"
if [ ! -x "$plugin" ]; then
  rm -rf "$tools/swift-protobuf"
  mkdir -p "$tools"
  git clone -q --branch "$version" --depth 1 https://github.com/apple/swift-protobuf.git "$tools/swift-protobuf"
  swift build -c release --package-path "$tools/swift-protobuf" --product protoc-gen-swift
fi

out=Sources/TikTokLiveProto
rm -f "$out"/*.pb.swift
protoc --plugin=protoc-gen-swift="$plugin" \
  --swift_opt=Visibility=Public --swift_opt=FileNaming=DropPath \
  --swift_out="$out" -I Protos Protos/*.proto
echo "generated $(ls "$out"/*.pb.swift | wc -l) files with protoc $(protoc --version | cut -d' ' -f2) and protoc-gen-swift $version"
