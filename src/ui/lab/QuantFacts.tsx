import { useT } from '../i18n/use-t.ts';

/** A block's scale and zero point, and what happened to the person's number in it. */
export function QuantFacts({
  scale,
  zeroPoint,
  recovered,
  error,
  format,
}: {
  readonly scale: number;
  readonly zeroPoint: number;
  readonly recovered: number;
  readonly error: number;
  /** Writes a number with so many significant digits in the page's language. */
  readonly format: (x: number, digits?: number) => string;
}) {
  const t = useT();
  return (
    <dl className="lab-facts">
      <dt>{t('lab.q.scale')}</dt>
      <dd data-fact="scale">{format(scale)}</dd>
      <dt>{t('lab.q.zeroPoint')}</dt>
      <dd data-fact="zeroPoint">{zeroPoint}</dd>
      <dt>{t('lab.q.recoveredYours')}</dt>
      <dd data-fact="recovered">{format(recovered, 6)}</dd>
      <dt>{t('lab.q.errorYours')}</dt>
      <dd data-fact="error">{format(error, 3)}</dd>
    </dl>
  );
}
