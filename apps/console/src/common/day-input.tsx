import { TextInput } from '@mantine/core';

/** A calendar day (YYYY-MM-DD) typed or picked: the browser's date field. */
export function DayInput({
  label,
  value,
  onChange,
  w = 170,
}: {
  label: string;
  value: string;
  onChange: (day: string) => void;
  w?: number;
}) {
  return (
    <TextInput
      label={label}
      type="date"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      w={w}
    />
  );
}
