#!/bin/sh
# Stands in for macOS's `codesign` in tests of scripts/mac-signing-status.mjs. It answers
# `--verify --deep --strict APP` and `-dvv APP` the way the real one does (the description goes to
# stderr), for the signature named by CK_CODESIGN: developer-id, adhoc or unsigned.
mode="${CK_CODESIGN:-unsigned}"
case "$1" in
  --verify)
    if [ "$mode" = unsigned ]; then
      echo "$5: code object is not signed at all" >&2
      exit 1
    fi
    exit 0 ;;
  -dvv)
    app="$2"
    echo "Executable=$app/Contents/MacOS/Clawkeeper" >&2
    echo "Identifier=dev.clawkeeper.app" >&2
    echo "Format=app bundle with Mach-O thin (arm64)" >&2
    echo "CodeDirectory v=20500 size=1234 flags=0x10000(runtime) hashes=27+7 location=embedded" >&2
    if [ "$mode" = adhoc ]; then
      echo "Signature=adhoc" >&2
      echo "TeamIdentifier=not set" >&2
    else
      echo "Signature size=9045" >&2
      echo "Authority=Developer ID Application: Clawkeeper Authors (ABCDE12345)" >&2
      echo "Authority=Developer ID Certification Authority" >&2
      echo "Authority=Apple Root CA" >&2
      echo "TeamIdentifier=ABCDE12345" >&2
    fi
    exit 0 ;;
esac
echo "codesign-standin: unexpected arguments: $*" >&2
exit 2
