#!/usr/bin/perl
# Checks a WebSocket echo server with Perl's AnyEvent::WebSocket::Client (Debian's
# libanyevent-websocket-client-perl), a peer no one here wrote.
# Usage: perl perl-client.pl URL
# Prints one line per check: "PASS name", "FAIL name: why" or "SKIP name: why"; exits 1 if any failed.
use strict;
use warnings;
use AnyEvent;
use AnyEvent::WebSocket::Client;
use AnyEvent::WebSocket::Message;
use Encode qw(encode decode);

my $url = shift or die "usage: $0 URL\n";
my $TIMEOUT = 10;
my $failed = 0;
$| = 1;

sub report {
  my ($name, $error) = @_;
  if (defined $error) { $failed = 1; print "FAIL $name: $error\n"; }
  else { print "PASS $name\n"; }
}

# Waits, running the event loop, until $cv is sent or $TIMEOUT passes; true if it was sent.
sub wait_for {
  my ($cv) = @_;
  my $timer = AE::timer $TIMEOUT, 0, sub { $cv->send('timeout') unless $cv->ready };
  my $r = $cv->recv;
  return !(defined $r && !ref $r && $r eq 'timeout');
}

# max_payload_size 0: no limit (the default is 64 KiB, too small for the 1 MiB check).
my $client = AnyEvent::WebSocket::Client->new(max_payload_size => 0);
my $opened = AE::cv;
$client->connect($url)->cb(sub {
  my $conn = eval { shift->recv };
  $opened->send($conn ? [$conn] : [undef, $@]);
});
my $timer = AE::timer $TIMEOUT, 0, sub { $opened->send([undef, "not open within $TIMEOUT s"]) unless $opened->ready };
my ($conn, $error) = @{ $opened->recv };
undef $timer;
if (!$conn) { chomp(my $e = "$error"); report('open', $e); exit 1; }
report('open', undef);

my @inbox;
my $arrived;
$conn->on(each_message => sub {
  my (undef, $message) = @_;
  push @inbox, $message;
  $arrived->send if $arrived && !$arrived->ready;
});
my $finished = AE::cv;
$conn->on(finish => sub { $finished->send });

# The next message in arrival order, or undef after $TIMEOUT.
sub next_message {
  return shift @inbox if @inbox;
  $arrived = AE::cv;
  wait_for($arrived);
  undef $arrived;
  return shift @inbox;
}

sub expect {
  my ($want_binary, $want) = @_;
  my $m = next_message();
  return "nothing within $TIMEOUT s" unless $m;
  return "got a " . ($m->is_binary ? 'binary' : 'text') . " message" if ($m->is_binary ? 1 : 0) != $want_binary;
  my $got = $m->body;
  return "got " . length($got) . " bytes that differ from the " . length($want) . " sent" if $got ne $want;
  return undef;
}

sub send_text { $conn->send(AnyEvent::WebSocket::Message->new(opcode => 1, body => encode('UTF-8', $_[0]))) }
sub send_binary { $conn->send(AnyEvent::WebSocket::Message->new(opcode => 2, body => $_[0])) }

send_text('hello');
report('text', expect(0, 'hello'));

my $unicode = "h\x{e9}llo w\x{f6}rld \x{1F389}";
send_text($unicode);
report('unicode', expect(0, encode('UTF-8', $unicode)));

send_text('');
report('empty', expect(0, ''));

my $bytes = join '', map { chr } 0 .. 255;
send_binary($bytes);
report('binary', expect(1, $bytes));

my $big = join '', map { chr((($_ * 31) + ($_ >> 11)) & 0xff) } 0 .. (1 << 20) - 1;
send_binary($big);
report('1 MiB', expect(1, $big));

send_text("n$_") for 0 .. 99;
my $order_error;
for my $i (0 .. 99) {
  my $e = expect(0, "n$i");
  if ($e) { $order_error = "message $i: $e"; last; }
}
report('100 in order', $order_error);

# AnyEvent::WebSocket::Connection answers pings but never hands pongs to the program.
print "SKIP ping/pong: AnyEvent::WebSocket::Connection does not report pongs\n";

$conn->close(4000, 'bye');
if (!wait_for($finished)) {
  report('close 4000 bye', "no close within $TIMEOUT s");
} else {
  my ($code, $reason) = ($conn->close_code // 'none', $conn->close_reason // '');
  report('close 4000 bye', $code eq '4000' && $reason eq 'bye' ? undef : "closed with $code '$reason', expected 4000 'bye'");
}
exit($failed ? 1 : 0);
