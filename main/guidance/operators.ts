// Who runs an Azerbaijani network, by ASN, so a result can say "your provider (Delta Telecom)"
// rather than "AS29049". Names as registered with RIPE (ipverse/asn-ip, RIPE delegated data for AZ),
// in the form people know; see /work/shared/research/targets.md section 5. Proper names: the same
// in every language. ASNs whose operator is not settled there are left out rather than guessed.
const OPERATORS: Readonly<Record<string, string>> = {
  AS29049: 'Delta Telecom',
  AS215148: 'Delta Telecom',
  AS31721: 'Azercell',
  AS197830: 'Bakcell',
  AS42779: 'Nar (Azerfon)',
  AS28787: 'Baktelecom (Aztelekom)',
  AS34170: 'Aztelekom',
  AS41997: 'Connect',
  AS39232: 'Uninet',
  AS50274: 'Alfanet',
  AS34876: 'Smart Systems',
  AS203622: 'GSP',
  AS57293: 'AG Telekom',
  AS15723: 'AzerOnline',
};

/** The operator's name: from the table for Azerbaijani networks, else what the run learnt, else null. */
export function operatorName(asn: string, learnt?: string): string | null {
  const key = asn.trim().toUpperCase().replace(/^(\d)/, 'AS$1');
  return OPERATORS[key] ?? (learnt?.trim() || null);
}
