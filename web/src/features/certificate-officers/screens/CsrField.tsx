import { useState } from 'react';
import {
  FileUpload,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextArea,
} from '@patternfly/react-core';
import { FieldError } from '../../../lib/errors/fields';

/** A CSR pasted as PEM or read from a file, with its error next to it. */
export function CsrField(props: {
  id: string;
  label: string;
  fileLabel: string;
  help: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  required?: boolean;
}) {
  const [fileName, setFileName] = useState('');
  const { id, error } = props;
  return (
    <>
      <FormGroup label={props.label} fieldId={id} isRequired={props.required}>
        <TextArea
          id={id}
          isRequired={props.required}
          value={props.value}
          onChange={(_e, v) => props.onChange(v)}
          rows={6}
          resizeOrientation="vertical"
          validated={error ? 'error' : 'default'}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-help`}
        />
        {!error && (
          <FormHelperText>
            <HelperText>
              <HelperTextItem id={`${id}-help`}>{props.help}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        )}
        <FieldError fieldId={id} message={error} />
      </FormGroup>
      <FormGroup label={props.fileLabel} fieldId={`${id}-file`}>
        <FileUpload
          id={`${id}-file`}
          filename={fileName}
          browseButtonText={props.fileLabel}
          hideDefaultPreview
          onFileInputChange={(_e, file) => {
            setFileName(file.name);
            void file.text().then(props.onChange);
          }}
          onClearClick={() => setFileName('')}
        />
      </FormGroup>
    </>
  );
}
