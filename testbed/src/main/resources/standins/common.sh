# Shared prelude of every stand-in. StandIns.install() inlines it, after the line that bakes in ST_STATE,
# so that a call costs one bash start and no extra file reads. Pure bash wherever possible: thousands of calls.

LC_ALL=C                    # bytewise string handling; not exported, so children keep their own locale
ST_TOOL=${0##*/}

# Encodes a name (service, credd, identity, collector) for use as one file name: % and / and newlines escaped.
st_enc() {
    local s=${1//%/%25}
    s=${s//\//%2F}
    s=${s//$'\n'/%0A}
    [[ $s == .* ]] && s="%2E${s:1}"
    REPLY=$s
}

# JSON string literal of $1 in REPLY.
st_json() {
    local s=${1//\\/\\\\}
    s=${s//\"/\\\"}
    s=${s//$'\n'/\\n}
    s=${s//$'\r'/\\r}
    s=${s//$'\t'/\\t}
    if [[ $s == *[$'\x01'-$'\x1f'$'\x7f']* ]]; then
        local out= c i
        for ((i = 0; i < ${#s}; i++)); do
            c=${s:i:1}
            case $c in
                [$'\x01'-$'\x1f'$'\x7f']) printf -v c '\\u%04x' "'$c" ;;
            esac
            out+=$c
        done
        s=$out
    fi
    REPLY="\"$s\""
}

# One JSON line per call: tool, pid, ppid, time, argv and the environment variables the stand-ins read.
# Token contents never go in: BEARER_TOKEN is logged as "<redacted>".
st_log_call() {
    local line a v first=1
    printf -v line '{"tool":"%s","pid":%d,"ppid":%d,"time_us":%s,"argv":[' "$ST_TOOL" "$$" "$PPID" "${EPOCHREALTIME/./}"
    for a in "$@"; do
        st_json "$a"
        ((first)) || line+=,
        line+=$REPLY
        first=0
    done
    line+='],"env":{'
    first=1
    for v in _condor_CREDD_HOST _condor_COLLECTOR_HOST HTGETTOKENOPTS _condor_SEC_CREDENTIAL_GETTOKEN_OPTS \
             KRB5CCNAME XDG_RUNTIME_DIR BEARER_TOKEN BEARER_TOKEN_FILE; do
        [[ -n ${!v+set} ]] || continue
        if [[ $v == BEARER_TOKEN ]]; then st_json "<redacted>"; else st_json "${!v}"; fi
        ((first)) || line+=,
        line+="\"$v\":$REPLY"
        first=0
    done
    line+='}}'
    # One write(2) with O_APPEND does not interleave with other appenders; a line longer than bash's output
    # buffer could be split into several writes, so those take the lock.
    if ((${#line} < 3500)); then
        printf '%s\n' "$line" >>"$ST_STATE/calls.log"
    else
        { flock 9 && printf '%s\n' "$line" >&9; } 9>>"$ST_STATE/calls.log"
    fi
}

# The failure mode switched on for service $1 (or for the credd in _condor_CREDD_HOST), in REPLY; empty if none.
st_fault() {
    local f
    st_enc "$1"
    f="$ST_STATE/faults/service/$REPLY"
    if [[ -n $1 && -f $f ]]; then read -r REPLY <"$f"; return 0; fi
    if [[ -n ${_condor_CREDD_HOST-} ]]; then
        st_enc "$_condor_CREDD_HOST"
        f="$ST_STATE/faults/credd/$REPLY"
        if [[ -f $f ]]; then read -r REPLY <"$f"; return 0; fi
    fi
    REPLY=
    return 1
}

# The "hang" failure: a child that sleeps and a sleep of our own, both far past any timeout. Their pids are
# recorded so a test can check the whole tree was killed.
st_hang() {
    mkdir -p "$ST_STATE/hung"
    sleep 86400 &
    : >"$ST_STATE/hung/$!"
    : >"$ST_STATE/hung/$$"
    sleep 86401 &
    : >"$ST_STATE/hung/$!"
    wait
    exit 1
}

# The "crash" failure: killed by SIGABRT (exit status 134 as a shell reports it), without leaving a core file.
st_crash() {
    ulimit -c 0
    kill -ABRT $$
    exit 134
}

# Writes $2 plus a newline to file $1 as htgettoken and the storer do: a 0600 temp file in the same
# directory, renamed over the target.
st_write_file() {
    local dir=${1%/*} tmp
    [[ $1 == */* ]] || dir=.
    [[ -z $dir ]] && dir=/
    tmp=$(mktemp "$dir/.htgettokenXXXXXXXX") || return 1
    printf '%s\n' "$2" >"$tmp" && mv -f "$tmp" "$1"
}

# A random string of $1 characters from [A-Za-z0-9] in REPLY (bash's SRANDOM comes from getrandom(2)).
st_random() {
    local chars=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 out= i
    for ((i = 0; i < $1; i++)); do
        out+=${chars:SRANDOM % 62:1}
    done
    REPLY=$out
}
