#!/usr/bin/env bash
# The e-paper backend refuses what it cannot drive with one line and exit 1, before touching
# any panel: a spidev device that does not exist, one this user may not open, a device that
# is not spidev, and a profile that is not an e-paper HAT. (No SPI bus here: the protocol
# itself is tested against simulators in test_epaper.)
. "$(dirname "$0")/../cli/lib.sh"
text="$SRC/tests/data/corpus/udhr-en.txt"
read_epaper() { "$QUIRE" read --backend epaper --file "$text" "$@"; }

expect_error "$T/none/spidev0.0: No such file or directory" read_epaper \
    --device waveshare-7in5 --spi "$T/none/spidev0.0"
expect_error "^quire: /dev/null: not a spidev device" read_epaper --device kiosk-13in \
    --spi /dev/null
expect_error "profile kobo-clara is not an e-paper HAT" read_epaper --device kobo-clara

# A device node only root may open, tried as nobody (root would be let through).
dev=$(mktemp -d /tmp/quire-spi.XXXXXX)
trap 'rm -rf "$dev" "$T"' EXIT
chmod 755 "$dev"
: >"$dev/spidev0.0"
chmod 600 "$dev/spidev0.0"
expect_error "$dev/spidev0.0: Permission denied" setpriv --reuid=65534 --regid=65534 \
    --clear-groups "$QUIRE" read --backend epaper --device waveshare-7in5 --file "$text" \
    --spi "$dev/spidev0.0"
echo "epaper_bad_input: ok"
