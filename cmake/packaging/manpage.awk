# Turns `trakt-mcp --help` into a man page (roff, man macros): run by
# cmake/packaging/manpage.cmake at build time, so the page says what the binary says.
#
# Why not help2man: it reads the "Usage:" and "Environment:" tables well but
# fills the tool list (one tool a line, no description column) and the
# "Resources:"/"Prompts:" lines into one paragraph. Our --help has a simple
# shape, read here line by line:
#   line 1                 "NAME - one line description"      -> NAME
#   "Header:" at column 0  a section; text after the colon    -> .SH HEADER (Usage -> SYNOPSIS)
#   "  term   description" two or more spaces between         -> .TP, term in bold
#   "        more words"   deeper indent                      -> the description goes on
#   "  word rest"          indented, no column gap            -> one line, first word in bold
# Variables (awk -v): version, date.

function esc(s) {
  gsub(/\\/, "\\e", s)
  gsub(/-/, "\\-", s)
  return s
}
# A roff text line must not begin with a control character.
function line(s) {
  if (s ~ /^[.']/) s = "\\&" s
  print s
}
function section(name) {
  name = toupper(name)
  if (name == "USAGE") name = "SYNOPSIS"
  print ".SH " name
  in_list = 0
}

NR == 1 {
  name = $0
  sub(/ - .*/, "", name)
  desc = $0
  sub(/^[^ ]+ - /, "", desc)
  print ".\\\" Made from `" name " --help` by cmake/packaging/manpage.awk; do not edit."
  print ".TH " toupper(esc(name)) " 1 \"" date "\" \"" esc(name) " " version "\" \"User Commands\""
  print ".ad l"
  print ".nh"
  print ".SH NAME"
  print esc(name) " \\- " esc(desc)
  next
}

/^[ \t]*$/ { in_list = 0; next }

# A section header, maybe with its text on the same line ("Prompts:   ...").
/^[A-Z][A-Za-z ]*:/ {
  header = $0
  sub(/:.*/, "", header)
  section(header)
  rest = $0
  sub(/^[^:]*:[ \t]*/, "", rest)
  if (rest != "") line(esc(rest))
  next
}

# Continuation of a description (indented deeper than an entry).
/^    / && in_list {
  text = $0
  sub(/^[ \t]+/, "", text)
  line(esc(text))
  next
}

# An entry: "  term   description".
/^  [^ ].*[^ ]   *[^ ]/ {
  text = $0
  sub(/^  /, "", text)
  match(text, /   */)
  term = substr(text, 1, RSTART - 1)
  rest = substr(text, RSTART + RLENGTH)
  print ".TP"
  line("\\fB" esc(term) "\\fR")
  line(esc(rest))
  in_list = 1
  next
}

# One item a line: "  add_to_watchlist {items}".
/^  [^ ]/ {
  text = $0
  sub(/^  /, "", text)
  if (in_list) print ".PP"
  in_list = 0
  word = text
  sub(/ .*/, "", word)
  rest = substr(text, length(word) + 1)
  line("\\fB" esc(word) "\\fR" esc(rest))
  print ".br"
  next
}

{ line(esc($0)) }
