#!/usr/bin/env bash
# simavr-serial.sh - run an AVR .elf under simavr and print what it wrote
# on the UART, decoded back to plain text.
#
# Usage: eng/simavr-serial.sh ELF [MCU] [FREQ]
#        eng/simavr-serial.sh --decode < captured-simavr-stderr
#
#   MCU   simavr core name, default atmega328p (uno, nano); atmega2560 for
#         mega. (Leonardo's Serial is USB CDC, not a UART: nothing shows.)
#   FREQ  clock in Hz, default 16000000.
#   SIMAVR_TIMEOUT  seconds before the run is killed, default 5.
#
# Prints the decoded text on stdout, one '\n' per line the sketch ended.
# Exit status: simavr's, so 0 when the sketch stopped cleanly (sleep with
# interrupts off), 124 when the timeout killed it; the text printed so far
# is decoded and written either way.
#
# What simavr 1.6 does with UART output (avr_uart.c), and how it is undone:
#   - Bytes are buffered per UART and logged on stderr when '\n' arrives
#     (or after 256 bytes), as ESC[32m <line> '\n' ESC[0m. So every log
#     line is green, and the reset code lands at the start of the next one.
#     Lines without the green code are simavr's own messages: they are
#     passed through to stderr.
#   - Every byte below 0x20 is shown as '.', so "\r\n" (Serial.println)
#     ends a line with "..", a bare "\n" with ".". Both become '\n' here.
#     Ambiguity: a line ended by a bare "\n" whose text itself ends with
#     '.' loses that dot; println's "\r\n" is always decoded exactly.
#     Other control bytes (e.g. '\t') stay '.': that cannot be undone.
#   - A 256-byte chunk logged without a '\n' is joined with the next one.
#   - Bytes after the last '\n' are never logged by simavr, so are lost:
#     end the output with println before stopping.
# Loader lines ("Loaded N .text ...") go to stdout in simavr; dropped.
set -euo pipefail

decode() {
  perl -e '
    use strict; use warnings;
    binmode STDIN; binmode STDOUT; binmode STDERR;
    my $pending = "";    # text of a 256-byte chunk still waiting for its end
    while (my $line = <STDIN>) {
      chomp $line;
      my $uart = ($line =~ /\e\[32m/);
      $line =~ s/\e\[[0-9;]*[A-Za-z]//g;            # all ANSI CSI codes
      if (!$uart) {
        print STDERR "$line\n" if length $line;     # simavr message
        next;
      }
      if (length($line) == 256 && $line !~ /\.\z/) { # split, no newline yet
        $pending .= $line;
        next;
      }
      $line =~ s/\.?\.\z//;                          # "\r\n" or "\n"
      print $pending, $line, "\n";
      $pending = "";
    }
    print $pending if length $pending;
  '
}

if [[ "${1:-}" == "--decode" ]]; then
  decode
  exit 0
fi

if [[ $# -lt 1 || $# -gt 3 || "$1" == "-h" || "$1" == "--help" ]]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

elf=$1
mcu=${2:-atmega328p}
freq=${3:-16000000}
[[ -f "$elf" ]] || { echo "simavr-serial.sh: no such file: $elf" >&2; exit 2; }

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
rc=0
timeout "${SIMAVR_TIMEOUT:-5}" simavr -m "$mcu" -f "$freq" "$elf" >/dev/null 2>"$raw" || rc=$?
decode < "$raw"
exit "$rc"
