import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Skeleton, Text } from '@mantine/core';
import { fetchDocument } from '../api/client';

/** One of the API's SVG charts (GET /reports/charts/{chart}.svg), fetched with the caller's token. */
export function ReportChart({ chart, query, title }: { chart: string; query: string; title: string }) {
  const { t, i18n } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    let objectUrl: string | null = null;
    setUrl(null);
    setFailed(false);
    fetchDocument(
      `/reports/charts/${chart}.svg?${query}&lang=${i18n.language.startsWith('en') ? 'en' : 'vi'}`,
    )
      .then((blob) => {
        if (!alive) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => alive && setFailed(true));
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [chart, query, i18n.language]);
  if (failed) return <Text c="red.9">{t('reports.chartFailed')}</Text>;
  if (!url) return <Skeleton h={240} />;
  return <img src={url} alt={title} style={{ maxWidth: '100%', height: 'auto' }} data-chart={chart} />;
}
