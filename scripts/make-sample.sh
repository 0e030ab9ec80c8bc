#!/usr/bin/env bash
# Builds the sample bundle assets/sample-news.epub and its public key assets/sample-news.pub
# from the corpus texts in tests/data/corpus/ (a copy of ../shared/corpus):
#   - section "News": seed-article.txt through the extractor (see clean_seed below),
#     byline and credit RFE/RL (the article is (c) RFE/RL, Inc.; see the corpus README);
#   - one section per language: the Universal Declaration of Human Rights, udhr-<tag>.txt,
#     tagged with its BCP 47 language tag.
# A fresh key pair is made on every run and the secret key is deleted at the end, so nobody
# can sign as the sample publisher.
# Usage: scripts/make-sample.sh [QUIRE_BINARY]   (default build/quire)
#        SAMPLE_OUT=DIR writes into DIR instead of assets/ (tests use it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
quire=$(realpath "${1:-${QUIRE:-$root/build/quire}}")
out=$(realpath -m "${SAMPLE_OUT:-$root/assets}")
cd "$root"
corpus=tests/data/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The scraped page keeps its boilerplate; the article is what `quire extract` keeps of it under
# its rules for scraped text (site navigation before the headline, the photo caption printed
# twice, the "16x9 Image" placeholder and the footer after the agencies' credit all go), plus
# the attribution line.
clean_seed() {
    "$quire" extract "$1"
    printf '\n\xc2\xa9 RFE/RL, Inc. Sample content, used with attribution.\n'
}
article="$work/rferl-2017-01-28-trump-putin-call.txt"
clean_seed "$corpus/seed-article.txt" >"$article"
# Guard against a changed corpus: the title comes first, the footer is gone.
first=$(grep -m1 -v '^[[:space:]]*$' "$article")
[ "$first" = "White House, Kremlin Say Trump, Putin Agree To Work Together" ] ||
    { echo "make-sample: unexpected first line: $first" >&2; exit 1; }
if grep -q -e 'Accessibility links' -e 'undesirable organization' -e '16x9' "$article"; then
    echo "make-sample: boilerplate left in the article" >&2; exit 1
fi

# tag:section name, in the order the sections appear.
udhr=(en:English ru:Russian uk:Ukrainian kk:Kazakh sr-Cyrl:Serbian uz-Latn:Uzbek
      ro:Romanian fa:Persian ar:Arabic ka:Georgian hi:Hindi zh-Hans:Chinese)
args=(--section News --lang en --byline RFE/RL "$article" --byline "")
for entry in "${udhr[@]}"; do
    tag=${entry%%:*}
    args+=(--section "${entry#*:}" --lang "$tag" "$corpus/udhr-$tag.txt")
done

"$quire" bundle keygen --out "$work/sample" >/dev/null
"$quire" bundle create --key "$work/sample.key" --out "$work/sample-news.epub" \
    --publisher "Quire Sample News" --title "Quire Sample News" "${args[@]}"
rm -f "$work/sample.key"
"$quire" bundle verify --pubkey "$work/sample.pub" "$work/sample-news.epub"
mkdir -p "$out"
mv "$work/sample-news.epub" "$out/sample-news.epub"
mv "$work/sample.pub" "$out/sample-news.pub"
echo "make-sample: wrote $out/sample-news.epub and $out/sample-news.pub"
