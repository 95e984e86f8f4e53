export { DossierFormsModule } from './dossier-forms.module';
export { DossierForms, type FormFormat, type RenderedForm } from './dossier-forms.service';
export { FORM_NUMBERS, type FormNumber, type FormLanguage, type FormDocument } from './form-document';
export { buildForm, buildControlSlipForm, buildRegisterForm, formatInstant } from './form-builders';
export { renderFormHtml } from './form-html';
export { renderFormPdf } from './form-pdf';
