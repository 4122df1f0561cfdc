#!/usr/bin/env bash
# host-ctl.sh ACTION [ARGUMENTS…] HOST — controls one test host started by hosts-up.sh.
# HOST is a host name (ddbt-h1 …) and always comes last.
#
#   power-off                     kill every process of the host (as pulling the plug); its disk stays
#   boot                          start a powered-off host again: same address, keys and disk; empty /run, /tmp
#   cut | restore                 take the host's network link down / up (peers see timeouts, not refusals)
#   occupy-port PORT              start a listener on 0.0.0.0:PORT inside the host (PID recorded)
#   release-port PORT             stop that listener
#   block OTHER | unblock OTHER   drop / stop dropping, inside HOST, every packet from OTHER
#                                 (a host name or a 10.250.0.x address); with --port P only TCP
#                                 packets from OTHER to port P (a firewall closing one port)
#   add-user NAME [--password-stdin] [--sudo]
#                                 create a user with a home, the harness's SSH key in its
#                                 authorized_keys, the password read from standard input (never from
#                                 the command line), and with --sudo passwordless sudo
#   exec COMMAND [ARGUMENT…]      run a command inside the host as its root (stdin/stdout/exit code
#                                 passed through), like an SSH session would, without SSH
#
# Firewall: `block` uses the `iptables` command of the machine (Debian 12: the nf_tables backend,
# the same one the hosts' dockerd uses) inside the host's namespace, in the raw table's PREROUTING
# chain, so it drops packets before routing, conntrack and Docker's NAT: nothing from OTHER reaches
# the host, its sshd or its containers. When the nf_tables backend is unusable it falls back to
# iptables-legacy. Rules die with the namespace.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: host-ctl.sh ACTION [ARGUMENTS…] HOST (see the comment at the top of $0)"
action=$1
host=${!#}
arguments=("${@:2:$#-2}")
require_root "$@"
host_index "$host" >/dev/null
[ -e "/run/netns/$host" ] || die "$host does not exist (run hosts-up.sh first)"
state=$(host_state "$host")

port_argument() {
  [ ${#arguments[@]} -eq 1 ] && [[ ${arguments[0]} =~ ^[1-9][0-9]{0,4}$ ]] && [ "${arguments[0]}" -le 65535 ] ||
    die "$action needs one port number (1–65535)"
  echo "${arguments[0]}"
}

other_address() {
  local other='' skip=0 argument
  for argument in "${arguments[@]}"; do
    if [ "$skip" = 1 ]; then skip=0; continue; fi
    if [ "$argument" = --port ]; then skip=1; continue; fi
    [ -z "$other" ] || die "$action takes one other host"
    other=$argument
  done
  [ -n "$other" ] || die "$action needs the other host (a name or an address)"
  if [[ $other =~ ^10\.250\.0\.[0-9]{1,3}$ ]]; then echo "$other"; else host_address "$other"; fi
}

# The value of `--port P` among the arguments; empty without one.
port_option() {
  local previous='' argument
  for argument in "${arguments[@]}"; do
    if [ "$previous" = --port ]; then
      [[ $argument =~ ^[1-9][0-9]{0,4}$ ]] && [ "$argument" -le 65535 ] || die "--port needs a port number (1–65535)"
      echo "$argument"
      return
    fi
    previous=$argument
  done
}

# Adds (-I), checks (-C) or deletes (-D) the rule that drops everything from ADDRESS, inside the
# host's namespace; uses iptables-legacy if the default iptables does not work there.
block_rule() {
  local operation=$1 address=$2 command=iptables match=()
  [ -z "$block_port" ] || match=(-p tcp --dport "$block_port")
  if ! ip netns exec "$host" iptables -w -t raw -S PREROUTING >/dev/null 2>&1; then
    command -v iptables-legacy >/dev/null || die "iptables does not work inside $host, and iptables-legacy is not installed"
    command=iptables-legacy
  fi
  ip netns exec "$host" "$command" -w -t raw "$operation" PREROUTING -s "$address" "${match[@]}" -j DROP \
    -m comment --comment ddbt-block
}

link_is_up() {
  ip -n "$host" link show eth0 | grep -q 'LOWER_UP' &&
    bridge link show dev "$host" 2>/dev/null | grep -q 'state forwarding'
}

case $action in
  power-off)
    # Kill by PID: the recorded launcher (SIGKILL to unshare kills the host's PID 1 and so its whole
    # PID namespace), then everything else found in the host's namespace and cgroups.
    for file in "$state"/*.pid; do [ -f "$file" ] && kill_recorded "$file"; done
    for pid in $(host_pids "$host"); do kill -KILL "$pid" 2>/dev/null || true; done
    no_processes() { [ -z "$(host_pids "$host")" ]; }
    poll 15 no_processes || die "$host: processes still alive after SIGKILL: $(host_pids "$host" | tr '\n' ' ')"
    ;;
  boot)
    boot_host "$host"
    ;;
  cut)
    ip link set "$host" down
    ;;
  restore)
    ip link set "$host" up
    poll 10 link_is_up || die "$host: link did not come back up"
    ;;
  occupy-port)
    port=$(port_argument)
    file=$state/port-$port.pid
    [ -z "$(live_recorded_pid "$file")" ] || die "$host: port $port is already occupied by the harness"
    ! listening "$host" "$port" || die "$host: something already listens on port $port"
    # busybox nc as a persistent server (-ll) that closes each connection at once (-e true).
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$file.new" \
      ip netns exec "$host" busybox nc -ll -p "$port" -e /bin/true >/dev/null 2>&1 </dev/null &
    poll 5 test -s "$file.new" || die "$host: the listener did not start"
    read -r pid <"$file.new"
    rm -f "$file.new"
    record_pid "$pid" "$file" || die "$host: the listener on port $port exited at once"
    poll 5 listening "$host" "$port" || {
      kill_recorded "$file"
      die "$host: nothing listens on port $port"
    }
    ;;
  release-port)
    port=$(port_argument)
    file=$state/port-$port.pid
    [ -f "$file" ] || die "$host: port $port was not occupied by host-ctl.sh occupy-port"
    kill_recorded "$file"
    not_listening() { ! listening "$host" "$port"; }
    poll 5 not_listening || die "$host: port $port is still in use"
    ;;
  block)
    block_port=$(port_option)
    address=$(other_address)
    block_rule -C "$address" 2>/dev/null || block_rule -I "$address"
    ;;
  unblock)
    block_port=$(port_option)
    address=$(other_address)
    while block_rule -C "$address" 2>/dev/null; do block_rule -D "$address"; done
    ;;
  add-user)
    user= password_stdin=0 sudo=0
    for argument in "${arguments[@]}"; do
      case $argument in
        --password-stdin) password_stdin=1 ;;
        --sudo) sudo=1 ;;
        -*) die "add-user: unknown option $argument" ;;
        *)
          [ -z "$user" ] || die "add-user takes one user name"
          user=$argument
          ;;
      esac
    done
    [[ $user =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || die "add-user: invalid user name '$user'"
    [ -n "$(host_init_pid "$host")" ] || die "$host is powered off"
    if [ "$sudo" = 1 ] && [ ! -x /usr/bin/sudo ]; then
      die "add-user --sudo needs sudo on the machine before the hosts start: apt-get install -y sudo"
    fi
    if [ "$password_stdin" = 1 ]; then
      IFS= read -r password || [ -n "${password:-}" ] || die "add-user: no password on standard input"
      [ -n "$password" ] || die "add-user: empty password"
    fi
    host_exec "$host" id -u "$user" >/dev/null 2>&1 || host_exec "$host" useradd -m -s /bin/bash "$user"
    if [ "$password_stdin" = 1 ]; then
      # printf is a shell builtin: the password is never on a command line or in a file.
      printf '%s:%s\n' "$user" "$password" | host_exec "$host" chpasswd
    else
      # useradd leaves the account locked ('!'), and sshd without PAM refuses even key logins to
      # a locked account: '*' means no password, but not locked.
      host_exec "$host" usermod -p '*' "$user"
    fi
    host_exec "$host" install -d -m 700 -o "$user" -g "$user" "/home/$user/.ssh"
    host_exec "$host" install -m 600 -o "$user" -g "$user" /dev/stdin "/home/$user/.ssh/authorized_keys" \
      <"$DDBT_KEYS/id_ed25519.pub"
    if [ "$sudo" = 1 ]; then
      echo "$user ALL=(ALL) NOPASSWD:ALL" |
        host_exec "$host" install -m 440 /dev/stdin "/etc/sudoers.d/ddbt-$user"
      host_exec "$host" visudo -cqf "/etc/sudoers.d/ddbt-$user"
    fi
    ;;
  exec)
    [ ${#arguments[@]} -ge 1 ] || die "exec needs a command"
    host_exec "$host" "${arguments[@]}"
    ;;
  *)
    die "unknown action '$action' (see the comment at the top of $0)"
    ;;
esac
