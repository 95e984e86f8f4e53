import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiProblem, problemKind } from '../api/problems';

/** An API answer that was not a success, as one clear sentence (403, 409 changed meanwhile, 422…). */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiProblem))
    return (
      <Alert color="#b02525" role="alert" title={t('problem.other')}>
        {t('common.networkError')}
      </Alert>
    );
  const kind = problemKind(error);
  return (
    <Alert color={kind === 'conflict' ? '#8a5300' : '#b02525'} role="alert" title={t(`problem.${kind}`)}>
      {error.text(i18n.language)} <span className="problem-code">({error.code})</span>
    </Alert>
  );
}
