#!/usr/bin/perl
# Signs the message on stdin with a DKIM key (relaxed/relaxed, rsa-sha256); prints the signed message.
# Usage: dkimsign.pl KEYFILE DOMAIN SELECTOR < message > signed
use strict;
use warnings;
use Mail::DKIM::Signer;
my ($key, $domain, $selector) = @ARGV;
my @lines = map { s/\r?\n$//r } <STDIN>;
my $signer = Mail::DKIM::Signer->new(Algorithm => 'rsa-sha256', Method => 'relaxed', Domain => $domain,
    Selector => $selector, KeyFile => $key);
$signer->PRINT("$_\015\012") for @lines;
$signer->CLOSE;
my $sig = $signer->signature->as_string; $sig =~ s/\015//g; print "$sig\n";
print "$_\n" for @lines;
