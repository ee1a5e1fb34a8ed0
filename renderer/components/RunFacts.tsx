// When and where a run happened: time, network, country, VPN, connection.
import { useTranslation } from 'react-i18next';
import type { Run } from '../../main/contract/run.ts';
import { useFormat } from '../format.ts';
import { FactList } from './FactList.tsx';

export function RunFacts({ run }: { run: Run }) {
  const { t } = useTranslation();
  const f = useFormat();
  const n = run.network;
  const rows: [string, string][] = [
    [t('report.facts.when'), f.span(run.startedAt, run.finishedAt)],
    [t('report.facts.network'), [n.asn, n.name].filter(Boolean).join(' · ')],
    [t('report.facts.country'), n.cc === 'ZZ' ? t('report.unknown') : f.country(n.cc)],
    [t('report.facts.vpn'), t(`report.vpn.${n.vpn}`)],
    // An unknown round trip is left out rather than shown as "?".
    [t('report.facts.connection'), n.rttMs === null ? t(`cli.connectivity.${n.connectivity}`) : t('report.connection', { state: t(`cli.connectivity.${n.connectivity}`), rtt: f.number(Math.round(n.rttMs)) })],
  ];
  if (n.ip) rows.push([t('report.facts.ip'), n.ip]);
  return <FactList rows={rows} className="run-facts" />;
}
